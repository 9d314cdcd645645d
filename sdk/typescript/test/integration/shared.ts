import type { AshClient } from '@ash-on-dapr/sdk';
import type { TestServer } from '../support/test-server.js';

/** What the integration suites share: one server (started once), its client and the agent they run. */
export class Shared {
  private started: TestServer | undefined;
  private ashClient: AshClient | undefined;
  readonly agent = 'sdk-hello';

  get server(): TestServer {
    if (this.started === undefined) {
      throw new Error('the server has not started');
    }

    return this.started;
  }

  get client(): AshClient {
    this.ashClient ??= this.server.client();
    return this.ashClient;
  }

  set server(server: TestServer) {
    this.started = server;
  }
}

/** Long enough for a turn on a loaded machine; no test relies on how long anything takes. */
export const TURN_TIMEOUT = { timeout: 180_000 };

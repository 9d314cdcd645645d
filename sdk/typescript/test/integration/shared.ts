import type { AshClient, ClientOptions } from '@ash-on-dapr/sdk';
import { ContractRecorder } from '../support/contract-recorder.js';
import type { TestServer } from '../support/real-server.js';

/** What the integration suites share: one server (started once), its clients and the agent they run. */
export class Shared {
  /** Every JSON answer the suites' clients got, checked against docs/openapi.json at the end. */
  readonly recorder = new ContractRecorder();
  readonly agent = 'sdk-hello';
  private started: TestServer | undefined;
  private tenantClient: AshClient | undefined;

  get server(): TestServer {
    if (this.started === undefined) {
      throw new Error('the server has not started');
    }

    return this.started;
  }

  set server(server: TestServer) {
    this.started = server;
  }

  /** The client of the server's tenant key. */
  get client(): AshClient {
    this.tenantClient ??= this.clientWith({});
    return this.tenantClient;
  }

  /** A client with other options (another key, another URL), its answers recorded too. */
  clientWith(options: Partial<ClientOptions>): AshClient {
    return this.server.client({ fetch: this.recorder.fetch, ...options });
  }
}

/** Long enough for a turn on a loaded machine; no test relies on how long anything takes. */
export const TURN_TIMEOUT = { timeout: 180_000 };

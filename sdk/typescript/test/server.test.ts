import { after, before, describe } from 'node:test';
import type { Session } from '@ash-on-dapr/sdk';
import { accountTests } from './integration/account.js';
import { adminTests } from './integration/admin.js';
import { agentTests } from './integration/agents.js';
import { contractTests } from './integration/contract.js';
import { errorTests } from './integration/errors.js';
import { exampleTests } from './integration/example.js';
import { lifecycleTests } from './integration/lifecycle.js';
import { Shared } from './integration/shared.js';
import { streamingTests } from './integration/streaming.js';
import { workspaceTests } from './integration/workspace.js';
import { TestServer } from './support/real-server.js';

// One server for every suite (it takes a while to start): the fake model API, and the real server with a
// temporary data directory, both stopped and removed at the end.
describe('against a real server', () => {
  const shared = new Shared();
  let session: Promise<Session> | undefined;
  /** The session most suites share, created on first use (after the agent is deployed). */
  const sharedSession = () => (session ??= shared.client.createSession(shared.agent));

  before(async () => {
    shared.server = await TestServer.start();
  }, { timeout: 240_000 });

  after(async () => {
    await shared.server.stop();
  }, { timeout: 120_000 });

  agentTests(shared);
  errorTests(shared);
  streamingTests(shared, sharedSession);
  workspaceTests(shared, sharedSession);
  lifecycleTests(shared);
  accountTests(shared, sharedSession);
  adminTests(shared);
  exampleTests(shared);
  contractTests(shared);
});

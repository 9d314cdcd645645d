import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AshApiError } from '@ash-on-dapr/sdk';
import { collect } from '../support/events.js';
import { type Shared, TURN_TIMEOUT } from './shared.js';

const refusedWith = (statusCode: number, code: string) => (error: unknown) =>
  error instanceof AshApiError && error.statusCode === statusCode && error.code === code;

export function lifecycleTests(shared: Shared): void {
  describe('a session\'s lifecycle', () => {
    it('pauses, resumes, reconfigures, forks, stops, lists and ends sessions', TURN_TIMEOUT, async () => {
      const { client, agent } = shared;
      const session = await client.createSession(agent, { allowedTools: ['Bash', 'Read'] });
      assert.equal(session.agentName, agent);
      assert.deepEqual(session.config?.allowedTools, ['Bash', 'Read']);
      assert.equal((await client.getSession(session.id)).id, session.id);

      assert.equal((await client.pauseSession(session.id)).status, 'paused');
      await assert.rejects(collect(client.sendMessageStream(session.id, 'hello?')), refusedWith(400, 'invalid_state'));
      assert.equal((await client.resumeSession(session.id)).status, 'active');
      assert.equal((await client.updateSessionConfig(session.id, { model: 'claude-sdk-test' })).model, 'claude-sdk-test');

      const fork = await client.forkSession(session.id);
      assert.equal(fork.parentSessionId, session.id);
      assert.equal((await client.stopSession(session.id)).status, 'stopped');

      const listed = await client.listSessions(agent);
      assert.ok(listed.some((listedSession) => listedSession.id === fork.id));
      const page = await client.listSessionsPage({ agent, limit: 1 });
      assert.equal(page.sessions.length, 1);
      assert.notEqual(page.nextCursor, null);
      const next = await client.listSessionsPage({ agent, limit: 1, cursor: page.nextCursor! });
      assert.notEqual(next.sessions[0]?.id, page.sessions[0]?.id);

      assert.equal((await client.endSession(fork.id)).status, 'ended');
      assert.equal((await client.endSession(session.id)).status, 'ended');
      await assert.rejects(client.resumeSession(session.id), (error: unknown) => error instanceof AshApiError && error.statusCode === 410);
    });
  });
}

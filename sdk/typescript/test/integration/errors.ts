import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { AshApiError, type CreateSessionOptions } from '@ash-on-dapr/sdk';
import type { Shared } from './shared.js';

export function errorTests(shared: Shared): void {
  describe('errors from the server', () => {
    it('throws AshApiError 404 session_not_found for an unknown session', async () => {
      const error = await shared.client.getSession(randomUUID()).then(() => undefined, (caught: unknown) => caught);
      assert.ok(error instanceof AshApiError, String(error));
      assert.equal(error.statusCode, 404);
      assert.equal(error.code, 'session_not_found');
      assert.ok(error.message.length > 0);
    });

    it('throws AshApiError 401 for a wrong key, and health needs none', async () => {
      const stranger = shared.clientWith({ apiKey: 'not-a-key' });
      await assert.rejects(stranger.listAgents(), (error: unknown) =>
        error instanceof AshApiError && error.statusCode === 401 && error.code === 'invalid_api_key');
      const anonymous = shared.clientWith({ apiKey: '' });
      await assert.rejects(anonymous.listAgents(), (error: unknown) =>
        error instanceof AshApiError && error.statusCode === 401 && error.code === 'missing_api_key');
      const health = await anonymous.health();
      assert.equal(health.status, 'ok');
      assert.equal(health.model.credentialConfigured, true);
    });

    it('throws AshApiError 400 naming a field the route does not take', async () => {
      const options = { colour: 'blue' } as unknown as CreateSessionOptions;
      await assert.rejects(shared.client.createSession(shared.agent, options), (error: unknown) =>
        error instanceof AshApiError && error.statusCode === 400 && error.code === 'unknown_field' && /colour/.test(error.message));
    });

    it('fails a message stream to an unknown session before any event', async () => {
      const stream = shared.client.sendMessageStream(randomUUID(), 'hello?');
      await assert.rejects(stream.next(), (error: unknown) => error instanceof AshApiError && error.code === 'session_not_found');
    });
  });
}

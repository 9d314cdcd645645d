import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AshApiError, type AshEvent, type Session } from '@ash-on-dapr/sdk';
import { type Shared, TURN_TIMEOUT } from './shared.js';

export function accountTests(shared: Shared, session: () => Promise<Session>): void {
  describe('the tenant\'s credentials, spending, keys and queue', () => {
    it('stores, lists and deletes credentials without ever reading a key back', async () => {
      const { client } = shared;
      const credential = await client.storeCredential('anthropic', 'sk-ant-sdk-test-not-a-real-key', 'sdk test');
      assert.equal(credential.type, 'anthropic');
      assert.equal(credential.label, 'sdk test');
      const listed = await client.listCredentials();
      assert.ok(listed.some((stored) => stored.id === credential.id));
      assert.ok(!JSON.stringify(listed).includes('not-a-real-key'));
      assert.equal(await client.deleteCredential(credential.id), undefined);
      await assert.rejects(client.deleteCredential(credential.id), (error: unknown) => error instanceof AshApiError && error.code === 'credential_not_found');
    });

    it('sets, lists and deletes budgets, and reads usage and analytics', async () => {
      const { client, agent } = shared;
      const { id } = await session();
      assert.equal((await client.setTenantBudget(500)).scope, 'tenant');
      assert.equal((await client.setAgentBudget(agent, 50)).target, agent);
      assert.equal((await client.setSessionBudget(id, 5)).limitUsd, 5);
      assert.deepEqual((await client.listBudgets()).map((budget) => budget.scope), ['tenant', 'agent', 'session']);
      assert.equal(await client.deleteSessionBudget(id), undefined);
      assert.equal(await client.deleteAgentBudget(agent), undefined);
      assert.equal(await client.deleteTenantBudget(), undefined);
      await assert.rejects(client.deleteTenantBudget(), (error: unknown) => error instanceof AshApiError && error.code === 'budget_not_found');

      // The turns streamed earlier went through the model proxy, which records what each request used.
      const usage = await client.listUsageEvents({ sessionId: id, limit: 50 });
      assert.ok(usage.some((event) => event.eventType === 'input_tokens'), JSON.stringify(usage.slice(0, 3)));
      assert.ok((await client.getUsageStats({ sessionId: id })).totalInputTokens > 0);
      const page = await client.listUsageEventsPage({ sessionId: id, limit: 1 });
      assert.equal(page.events.length, 1);
      const analytics = await client.getAnalytics();
      assert.ok(analytics.agents.total >= 1 && analytics.sessions.total >= 1);
    });

    it('creates and revokes API keys; a revoked key\'s open stream ends with api_key_revoked', TURN_TIMEOUT, async () => {
      const { client } = shared;
      const { id } = await session();
      const created = await client.createApiKey({ label: 'sdk test' });
      assert.match(created.key, /^ash_[0-9a-f]{64}$/);
      assert.ok((await client.listApiKeys()).some((key) => key.id === created.id));

      const holder = shared.clientWith({ apiKey: created.key });
      const seen: AshEvent[] = [];
      const watching = (async () => {
        for await (const event of holder.streamSession(id, { lastEventId: 1 })) {
          seen.push(event);
        }
      })();
      // Observed at once: the stream may end before the revoke's own answer arrives.
      const ended = watching.then(() => undefined, (error: unknown) => error);
      // The stream replays the log from id 1 on: once an event has arrived, the stream is open.
      while (seen.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      assert.equal(await client.revokeApiKey(created.id), undefined);
      const error = await ended;
      assert.ok(error instanceof AshApiError && error.statusCode === 401 && error.code === 'api_key_revoked', `the stream ended with ${String(error)}`);
      await assert.rejects(holder.listAgents(), (error: unknown) => error instanceof AshApiError && error.code === 'invalid_api_key');
    });

    it('queues a job, reads it and the queue, and cancels what has not run', TURN_TIMEOUT, async () => {
      const { client, agent } = shared;
      const item = await client.enqueue(agent, 'Hello from the queue', { priority: 1, maxRetries: 0 });
      assert.equal(item.agentName, agent);
      assert.equal((await client.getQueueItem(item.id)).id, item.id);
      assert.ok((await client.listQueueItems()).some((listed) => listed.id === item.id));
      const page = await client.listQueueItemsPage({ limit: 1 });
      assert.equal(page.items.length, 1);
      const stats = await client.getQueueStats();
      assert.ok(stats.pending + stats.processing + stats.completed + stats.failed >= 1);
      try {
        assert.equal((await client.cancelQueueItem(item.id)).status, 'cancelled');
      } catch (error) {
        // The worker may have taken it already: a job that runs is not cancelled.
        assert.ok(error instanceof AshApiError && error.code === 'queue_item_not_pending', String(error));
      }
    });
  });
}

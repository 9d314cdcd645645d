import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AshApiError } from '@ash-on-dapr/sdk';
import type { Shared } from './shared.js';

export function adminTests(shared: Shared): void {
  describe('tenants, with the admin key', () => {
    it('creates a tenant whose key works, manages its keys, and disables it', async () => {
      const admin = shared.clientWith({ apiKey: shared.server.adminKey });
      const created = await admin.createTenant('sdk-tenant', { label: 'SDK tenant' });
      assert.equal(created.tenant.id, 'sdk-tenant');
      const tenant = shared.clientWith({ apiKey: created.key.key });
      assert.deepEqual(await tenant.listAgents(), [], 'a new tenant sees none of the others\' agents');
      await assert.rejects(tenant.listTenants(), (error: unknown) => error instanceof AshApiError && error.statusCode === 404 && error.code === 'route_not_found');

      assert.ok((await admin.listTenants()).some((listed) => listed.id === 'sdk-tenant'));
      assert.equal((await admin.getTenant('sdk-tenant')).label, 'SDK tenant');
      const second = await admin.createTenantKey('sdk-tenant', { label: 'second' });
      assert.deepEqual((await admin.listTenantKeys('sdk-tenant')).map((key) => key.id).sort(), [created.key.id, second.id].sort());
      assert.equal(await admin.revokeTenantKey('sdk-tenant', second.id), undefined);

      const disabled = await admin.disableTenant('sdk-tenant');
      assert.equal(disabled.revokedKeys, 1);
      assert.notEqual(disabled.tenant.disabledAt, null);
      await assert.rejects(tenant.listAgents(), (error: unknown) => error instanceof AshApiError && error.statusCode === 401);
    });
  });
}

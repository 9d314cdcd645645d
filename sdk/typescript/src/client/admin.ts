import { segment } from '../http/paths.js';
import type { ApiKey, CreatedApiKey, CreatedTenant, DisabledTenant, RequestOf, ResponseOf, Tenant } from '../models.js';
import type { CallOptions } from '../options.js';
import { ApiKeyMethods } from './api-keys.js';

export type CreateTenantOptions = Omit<RequestOf<'createTenant'>, 'id'>;

/**
 * Tenants, for a client made with the server's admin key (`ASH_ADMIN_KEY`). To any other key these routes
 * answer 404 `route_not_found`.
 */
export class AdminMethods extends ApiKeyMethods {
  /** A new tenant and its first key (`key.key` is shown this once). */
  createTenant(tenantId: string, options: CreateTenantOptions = {}, call?: CallOptions): Promise<CreatedTenant> {
    const body: RequestOf<'createTenant'> = { ...options, id: tenantId };
    return this.http.json({ method: 'POST', path: '/api/admin/tenants', body }, call);
  }

  /** Every tenant, live and disabled, oldest first. */
  async listTenants(call?: CallOptions): Promise<Tenant[]> {
    return (await this.http.json<ResponseOf<'listTenants'>>({ method: 'GET', path: '/api/admin/tenants' }, call)).tenants;
  }

  async getTenant(tenantId: string, call?: CallOptions): Promise<Tenant> {
    return (await this.http.json<ResponseOf<'getTenant'>>({ method: 'GET', path: tenantPath(tenantId) }, call)).tenant;
  }

  /** Disables a tenant: its keys are deleted and its sessions stopped; its data stays. */
  disableTenant(tenantId: string, call?: CallOptions): Promise<DisabledTenant> {
    return this.http.json({ method: 'DELETE', path: tenantPath(tenantId) }, call);
  }

  async listTenantKeys(tenantId: string, call?: CallOptions): Promise<ApiKey[]> {
    return (await this.http.json<ResponseOf<'listTenantKeys'>>({ method: 'GET', path: `${tenantPath(tenantId)}/keys` }, call)).keys;
  }

  createTenantKey(tenantId: string, options: RequestOf<'createTenantKey'> = {}, call?: CallOptions): Promise<CreatedApiKey> {
    return this.http.json({ method: 'POST', path: `${tenantPath(tenantId)}/keys`, body: options }, call);
  }

  revokeTenantKey(tenantId: string, keyId: string, call?: CallOptions): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: `${tenantPath(tenantId)}/keys/${segment(keyId, 'key id')}` }, call);
  }
}

function tenantPath(tenantId: string): string {
  return `/api/admin/tenants/${segment(tenantId, 'tenant id')}`;
}

import { segment } from '../http/paths.js';
import type { ApiKey, CreatedApiKey, RequestOf, ResponseOf } from '../models.js';
import type { CallOptions } from '../options.js';
import { UsageMethods } from './usage.js';

/** The caller's tenant's API keys. */
export class ApiKeyMethods extends UsageMethods {
  /** The tenant's keys (never the key itself, only its prefix). */
  async listApiKeys(call?: CallOptions): Promise<ApiKey[]> {
    return (await this.http.json<ResponseOf<'listApiKeys'>>({ method: 'GET', path: '/api/api-keys' }, call)).keys;
  }

  /** A new key for the tenant; `key` is shown this once. */
  createApiKey(options: RequestOf<'createApiKey'> = {}, call?: CallOptions): Promise<CreatedApiKey> {
    return this.http.json({ method: 'POST', path: '/api/api-keys', body: options }, call);
  }

  /** Revokes a key (the tenant's last → 409 `last_api_key`); its open streams end. */
  revokeApiKey(keyId: string, call?: CallOptions): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: `/api/api-keys/${segment(keyId, 'key id')}` }, call);
  }
}

import { segment } from '../http/paths.js';
import type { Credential, RequestOf, ResponseOf } from '../models.js';
import type { CallOptions } from '../options.js';
import { QueueMethods } from './queue.js';

export interface StoreCredentialOptions {
  label?: string;
  /** For `custom`: the Anthropic-compatible endpoint (https on a public address). */
  baseUrl?: string;
}

export interface BedrockCredential {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  sessionToken?: string;
  label?: string;
}

/** Stored model credentials (encrypted at rest, never returned) that sessions can be created with. */
export class CredentialMethods extends QueueMethods {
  /** Stores a credential: `anthropic`, `custom` (with `baseUrl`) or `bedrock` (see {@link storeBedrockCredential}). */
  async storeCredential(type: string, key: string, options: string | StoreCredentialOptions = {}, call?: CallOptions): Promise<Credential> {
    const extra = typeof options === 'string' ? { label: options } : options;
    const body: RequestOf<'storeCredential'> = { ...extra, type, key };
    return (await this.http.json<ResponseOf<'storeCredential'>>({ method: 'POST', path: '/api/credentials', body }, call)).credential;
  }

  /** Stores AWS keys for Bedrock; the server signs the model requests, no key enters the sandbox. */
  storeBedrockCredential(credential: BedrockCredential, call?: CallOptions): Promise<Credential> {
    const { label, ...keys } = credential;
    return this.storeCredential('bedrock', JSON.stringify(keys), label === undefined ? {} : { label }, call);
  }

  /** The tenant's credentials, newest first (without their keys). */
  async listCredentials(call?: CallOptions): Promise<Credential[]> {
    return (await this.http.json<ResponseOf<'listCredentials'>>({ method: 'GET', path: '/api/credentials' }, call)).credentials;
  }

  deleteCredential(credentialId: string, call?: CallOptions): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: `/api/credentials/${segment(credentialId, 'credential id')}` }, call);
  }
}

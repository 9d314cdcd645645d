import { segment } from '../http/paths.js';
import type { AgentVersion, RequestOf, ResponseOf, VersionActivated } from '../models.js';
import type { CallOptions } from '../options.js';
import { AgentMethods, agentPath } from './agents.js';

export type CreateAgentVersionOptions = RequestOf<'createAgentVersion'>;
export type UpdateAgentVersionOptions = RequestOf<'updateAgentVersion'>;

/** An agent's versions; `version` is a version number or a version id. */
export class AgentVersionMethods extends AgentMethods {
  /** The agent's versions, newest first. */
  async listAgentVersions(name: string, call?: CallOptions): Promise<AgentVersion[]> {
    return (await this.http.json<ResponseOf<'listAgentVersions'>>({ method: 'GET', path: `${agentPath(name)}/versions` }, call)).versions;
  }

  /** A new inactive version, with the content of `cloneFrom` (else of the active version). */
  async createAgentVersion(name: string, options: CreateAgentVersionOptions = {}, call?: CallOptions): Promise<AgentVersion> {
    const path = `${agentPath(name)}/versions`;
    return (await this.http.json<ResponseOf<'createAgentVersion'>>({ method: 'POST', path, body: options }, call)).version;
  }

  async getAgentVersion(name: string, version: number | string, call?: CallOptions): Promise<AgentVersion> {
    return (await this.http.json<ResponseOf<'getAgentVersion'>>({ method: 'GET', path: versionPath(name, version) }, call)).version;
  }

  /** Changes a version's notes (name, system prompt, release notes, knowledge files). */
  async updateAgentVersion(name: string, version: number | string, update: UpdateAgentVersionOptions, call?: CallOptions): Promise<AgentVersion> {
    const path = versionPath(name, version);
    return (await this.http.json<ResponseOf<'updateAgentVersion'>>({ method: 'PATCH', path, body: update }, call)).version;
  }

  /** Deletes an inactive version (the active one → 409 `version_active`). */
  deleteAgentVersion(name: string, version: number | string, call?: CallOptions): Promise<void> {
    return this.http.empty({ method: 'DELETE', path: versionPath(name, version) }, call);
  }

  /** Makes a version the one new sessions run. */
  activateAgentVersion(name: string, version: number | string, call?: CallOptions): Promise<VersionActivated> {
    return this.http.json({ method: 'POST', path: `${versionPath(name, version)}/activate` }, call);
  }
}

function versionPath(name: string, version: number | string): string {
  return `${agentPath(name)}/versions/${segment(version, 'version')}`;
}

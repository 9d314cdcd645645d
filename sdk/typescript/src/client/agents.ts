import { readAgentFolder } from '../agent-folder.js';
import { toBase64 } from '../http/base64.js';
import { filePath, segment } from '../http/paths.js';
import type { Download } from '../http/transport.js';
import type {
  Agent, AgentConfig, AgentFileContent, AgentFileDeleted, AgentFilesWritten, FileEntry, FileUpload, Health, RequestOf, ResponseOf,
} from '../models.js';
import type { CallOptions } from '../options.js';
import { ClientBase } from './base.js';

/** Settings of a deploy besides its content. */
export type DeployOptions = Pick<RequestOf<'deployAgent'>, 'env' | 'model'>;

/** An upload deploy: the files, and the fields Ash's SDK sends (`systemPrompt`, `config`, … accepted, not applied). */
export type CreateAgentOptions = Omit<RequestOf<'deployAgent'>, 'name' | 'path' | 'files'> & { files: FileUpload[] };

export type UpdateAgentOptions = RequestOf<'updateAgent'>;

/** Health and agents: deploy, read, change, delete, and the active version's files. */
export class AgentMethods extends ClientBase {
  /** The server's health, pool and sandbox settings (`GET /health`, needs no key). */
  health(call?: CallOptions): Promise<Health> {
    return this.http.json<ResponseOf<'health'>>({ method: 'GET', path: '/health' }, call);
  }

  /**
   * Deploys an agent from a folder on the server's machine (Ash's `deployAgent`); to upload a local folder
   * use {@link deployAgentFolder}. A deploy whose content, env or model changed makes a new active version.
   */
  async deployAgent(name: string, path: string, options: DeployOptions = {}, call?: CallOptions): Promise<Agent> {
    const body: RequestOf<'deployAgent'> = { ...options, name, path };
    return (await this.http.json<ResponseOf<'deployAgent'>>({ method: 'POST', path: '/api/agents', body }, call)).agent;
  }

  /** Deploys an agent from uploaded files (Ash's `createAgent`); the files must include `CLAUDE.md`. */
  async createAgent(name: string, options: CreateAgentOptions, call?: CallOptions): Promise<Agent> {
    const { files, ...rest } = options;
    const body: RequestOf<'deployAgent'> = { ...rest, name, files: encodeFiles(files) };
    return (await this.http.json<ResponseOf<'deployAgent'>>({ method: 'POST', path: '/api/agents', body }, call)).agent;
  }

  /** Reads a local folder (see {@link readAgentFolder} for what is skipped) and deploys it as an upload. */
  async deployAgentFolder(name: string, folder: string, options: DeployOptions = {}, call?: CallOptions): Promise<Agent> {
    return this.createAgent(name, { ...options, files: await readAgentFolder(folder) }, call);
  }

  async listAgents(call?: CallOptions): Promise<Agent[]> {
    return (await this.http.json<ResponseOf<'listAgents'>>({ method: 'GET', path: '/api/agents' }, call)).agents;
  }

  async getAgent(name: string, call?: CallOptions): Promise<Agent> {
    return (await this.http.json<ResponseOf<'getAgent'>>({ method: 'GET', path: agentPath(name) }, call)).agent;
  }

  /** Deletes the agent and all its versions; its sessions can no longer resume or fork. */
  deleteAgent(name: string, call?: CallOptions): Promise<ResponseOf<'deleteAgent'>> {
    return this.http.json({ method: 'DELETE', path: agentPath(name) }, call);
  }

  /** Replaces the env and/or merges into the config; a new active version. */
  async updateAgent(name: string, update: UpdateAgentOptions, call?: CallOptions): Promise<Agent> {
    return (await this.http.json<ResponseOf<'updateAgent'>>({ method: 'PATCH', path: agentPath(name), body: update }, call)).agent;
  }

  /** The agent's `ash.json` (`{}` when it has none). */
  async getAgentConfig(name: string, call?: CallOptions): Promise<AgentConfig> {
    return (await this.http.json<ResponseOf<'getAgentConfig'>>({ method: 'GET', path: `${agentPath(name)}/config` }, call)).config;
  }

  /** Shallow-merges into the agent's `ash.json` (a `null` value removes the key); a new active version. */
  async updateAgentConfig(name: string, patch: AgentConfig, call?: CallOptions): Promise<AgentConfig> {
    const body: RequestOf<'updateAgentConfig'> = patch;
    return (await this.http.json<ResponseOf<'updateAgentConfig'>>({ method: 'PATCH', path: `${agentPath(name)}/config`, body }, call)).config;
  }

  /** The active version's files, recursively. */
  async listAgentFiles(name: string, call?: CallOptions): Promise<FileEntry[]> {
    return (await this.http.json<ResponseOf<'listAgentFiles'>>({ method: 'GET', path: `${agentPath(name)}/files` }, call)).files;
  }

  /** One file of the active version as UTF-8 text (up to 1 MiB). */
  getAgentFile(name: string, path: string, call?: CallOptions): Promise<AgentFileContent> {
    return this.http.json({ method: 'GET', path: `${agentPath(name)}/files/${filePath(path)}`, query: { format: 'json' } }, call);
  }

  /** One file of the active version as bytes. */
  downloadAgentFile(name: string, path: string, call?: CallOptions): Promise<Download> {
    return this.http.bytes({ method: 'GET', path: `${agentPath(name)}/files/${filePath(path)}`, query: { format: 'raw' } }, call);
  }

  /** Writes files into the agent (all or nothing); a new active version. */
  uploadAgentFiles(name: string, files: FileUpload[], call?: CallOptions): Promise<AgentFilesWritten> {
    const body: RequestOf<'uploadAgentFiles'> = { files: encodeFiles(files) };
    return this.http.json({ method: 'POST', path: `${agentPath(name)}/files`, body }, call);
  }

  /** Deletes a file of the agent; a new active version. */
  deleteAgentFile(name: string, path: string, call?: CallOptions): Promise<AgentFileDeleted> {
    return this.http.json({ method: 'DELETE', path: `${agentPath(name)}/files/${filePath(path)}` }, call);
  }
}

export function agentPath(name: string): string {
  return `/api/agents/${segment(name, 'agent name')}`;
}

export function encodeFiles(files: FileUpload[]): { path: string; content: string }[] {
  if (!Array.isArray(files)) {
    throw new TypeError('files must be an array of { path, content }');
  }

  return files.map((file) => ({ path: file.path, content: toBase64(file.content) }));
}

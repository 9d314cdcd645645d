import { segment } from '../http/paths.js';
import type { QueryOf, RequestOf, ResponseOf, Session, SessionPage } from '../models.js';
import type { CallOptions } from '../options.js';
import { AgentVersionMethods } from './agent-versions.js';

export type CreateSessionOptions = Omit<RequestOf<'createSession'>, 'agent'>;
export type ListSessionsOptions = QueryOf<'listSessions'>;
export type UpdateSessionConfigOptions = RequestOf<'updateSessionConfig'>;

type Lifecycle = 'pause' | 'resume' | 'stop';

/** Sessions: create, list, read, change, and their lifecycle. */
export class SessionMethods extends AgentVersionMethods {
  /** Starts a session of an agent (its active version). */
  async createSession(agent: string, options: CreateSessionOptions = {}, call?: CallOptions): Promise<Session> {
    const body: RequestOf<'createSession'> = { ...options, agent };
    return (await this.http.json<ResponseOf<'createSession'>>({ method: 'POST', path: '/api/sessions', body }, call)).session;
  }

  /** One page of sessions, newest first; an agent name filters by agent. */
  async listSessions(filter: string | ListSessionsOptions = {}, call?: CallOptions): Promise<Session[]> {
    return (await this.listSessionsPage(filter, call)).sessions;
  }

  /** One page of sessions with the cursor of the next (`nextCursor`, null on the last page). */
  listSessionsPage(filter: string | ListSessionsOptions = {}, call?: CallOptions): Promise<SessionPage> {
    const query = typeof filter === 'string' ? { agent: filter } : filter;
    return this.http.json({ method: 'GET', path: '/api/sessions', query }, call);
  }

  async getSession(sessionId: string, call?: CallOptions): Promise<Session> {
    return (await this.http.json<ResponseOf<'getSession'>>({ method: 'GET', path: sessionPath(sessionId) }, call)).session;
  }

  /** Ends the session (its process and sandbox go; idempotent). */
  async endSession(sessionId: string, call?: CallOptions): Promise<Session> {
    return (await this.http.json<ResponseOf<'endSession'>>({ method: 'DELETE', path: sessionPath(sessionId) }, call)).session;
  }

  /** active → paused: messages are refused until it is resumed. */
  pauseSession(sessionId: string, call?: CallOptions): Promise<Session> {
    return this.lifecycle(sessionId, 'pause', call);
  }

  /** → active (410 when it has ended). */
  resumeSession(sessionId: string, call?: CallOptions): Promise<Session> {
    return this.lifecycle(sessionId, 'resume', call);
  }

  /** Stops the session's process, keeping its files and conversation; the next message wakes it. */
  stopSession(sessionId: string, call?: CallOptions): Promise<Session> {
    return this.lifecycle(sessionId, 'stop', call);
  }

  /** A new session with the parent's workspace and conversation. */
  async forkSession(sessionId: string, call?: CallOptions): Promise<Session> {
    return (await this.http.json<ResponseOf<'forkSession'>>({ method: 'POST', path: `${sessionPath(sessionId)}/fork` }, call)).session;
  }

  /** Replaces the given settings from the next turn on. */
  async updateSessionConfig(sessionId: string, update: UpdateSessionConfigOptions, call?: CallOptions): Promise<Session> {
    const path = `${sessionPath(sessionId)}/config`;
    return (await this.http.json<ResponseOf<'updateSessionConfig'>>({ method: 'PATCH', path, body: update }, call)).session;
  }

  private async lifecycle(sessionId: string, step: Lifecycle, call: CallOptions | undefined): Promise<Session> {
    type Answer = ResponseOf<'pauseSession'> & ResponseOf<'resumeSession'> & ResponseOf<'stopSession'>;
    return (await this.http.json<Answer>({ method: 'POST', path: `${sessionPath(sessionId)}/${step}` }, call)).session;
  }
}

export function sessionPath(sessionId: string): string {
  return `/api/sessions/${segment(sessionId, 'session id')}`;
}

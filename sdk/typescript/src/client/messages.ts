import { eventStream, type StreamPlan } from '../events/event-stream.js';
import type { AshEvent } from '../events/event-types.js';
import type { RequestSpec } from '../http/transport.js';
import type {
  Message, QueryOf, RequestOf, ResponseOf, SandboxLogs, StreamLogEvent, TimelineEvent,
} from '../models.js';
import type { CallOptions } from '../options.js';
import { SessionMethods, sessionPath } from './sessions.js';

/** A content block of a message: Ash's text, image and document blocks, or a reference to an attachment. */
export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'attachment'; attachmentId: string }
  | { type: string; [field: string]: unknown };

/** Per-message options (this turn only). `includePartialMessages` is on unless set to false. */
export type SendMessageOptions = Omit<RequestOf<'sendMessage'>, 'content'>;

export interface StreamSessionOptions {
  /** Replays the session's events after this id (its last one already seen), then follows live ones. */
  lastEventId?: number;
  /** Ends the stream after the next `done` (the end of the running or next turn). */
  untilDone?: boolean;
}

export type HistoryQuery = QueryOf<'listMessages'>;
export type EventQuery = QueryOf<'listSessionEvents'>;
export type LogQuery = QueryOf<'getSessionLogs'>;

/** Messages and their events: send a message and stream its turn, re-attach, interrupt, read history. */
export class MessageMethods extends SessionMethods {
  /**
   * Sends a message and streams its turn's events, from `session_start` to `done`, then ends. A failed turn
   * brings `error` before `done`; it does not throw. When the connection drops after the first event, the
   * stream re-attaches (`GET …/stream` with `Last-Event-ID`) and goes on with exactly the events not yet
   * delivered. Aborting `call.signal` (or leaving the loop) closes the connection; the turn runs on
   * (see {@link interruptSession}).
   *
   * @throws {AshApiError} when the server refuses the message: 404 unknown session, 400 `invalid_state`
   *   when it is busy or paused, 410 when it has ended.
   */
  sendMessageStream(sessionId: string, content: string | ContentBlock[], options: SendMessageOptions = {}, call: CallOptions = {}): AsyncGenerator<AshEvent, void, undefined> {
    const path = sessionPath(sessionId);
    if (typeof content !== 'string' && !Array.isArray(content)) {
      throw new TypeError('content must be a string or an array of content blocks');
    }

    const body: RequestOf<'sendMessage'> = { includePartialMessages: true, ...options, content };
    const plan: StreamPlan = {
      open: (connection) => this.http.openStream({ method: 'POST', path: `${path}/messages`, body }, connection, call.timeoutMs),
      resume: (connection, lastEventId) => this.http.openStream(reattach(path, lastEventId), connection, call.timeoutMs),
      endsAtDone: true,
      resumableBeforeFirstEvent: false,
    };
    return eventStream(plan, call.signal, this.reconnect);
  }

  /**
   * Attaches to a session's event stream (EventSource-like): the events after `lastEventId` from its log
   * (the whole log without it), then live ones, until the session ends, `untilDone` is met, or `call.signal`
   * aborts. A dropped connection is re-attached from the last event delivered.
   */
  streamSession(sessionId: string, options: StreamSessionOptions = {}, call: CallOptions = {}): AsyncGenerator<AshEvent, void, undefined> {
    const path = sessionPath(sessionId);
    const plan: StreamPlan = {
      open: (connection) => this.http.openStream(reattach(path, options.lastEventId), connection, call.timeoutMs),
      resume: (connection, lastEventId) => this.http.openStream(reattach(path, lastEventId), connection, call.timeoutMs),
      endsAtDone: options.untilDone === true,
      resumableBeforeFirstEvent: true,
    };
    if (options.lastEventId !== undefined) {
      plan.lastEventId = options.lastEventId;
    }

    return eventStream(plan, call.signal, this.reconnect);
  }

  /** Cancels the session's running turn; its stream then ends with `done`. `interrupted` is false when none ran. */
  interruptSession(sessionId: string, call?: CallOptions): Promise<ResponseOf<'interruptSession'>> {
    return this.http.json({ method: 'POST', path: `${sessionPath(sessionId)}/interrupt` }, call);
  }

  /** The stored conversation, oldest first. */
  async listMessages(sessionId: string, query: HistoryQuery = {}, call?: CallOptions): Promise<Message[]> {
    const spec: RequestSpec = { method: 'GET', path: `${sessionPath(sessionId)}/messages`, query };
    return (await this.http.json<ResponseOf<'listMessages'>>(spec, call)).messages;
  }

  /** The session's timeline (Ash's `text`, `tool_start`, `tool_result`, … entries), oldest first. */
  async listSessionEvents(sessionId: string, query: EventQuery = {}, call?: CallOptions): Promise<TimelineEvent[]> {
    const spec: RequestSpec = { method: 'GET', path: `${sessionPath(sessionId)}/events`, query };
    return (await this.http.json<ResponseOf<'listSessionEvents'>>(spec, call)).events;
  }

  /** The session's stream log: every event its streams carried, `sequence` being the SSE id. */
  async listStreamEvents(sessionId: string, query: QueryOf<'listStreamEvents'> = {}, call?: CallOptions): Promise<StreamLogEvent[]> {
    const spec: RequestSpec = { method: 'GET', path: `${sessionPath(sessionId)}/stream/events`, query };
    return (await this.http.json<ResponseOf<'listStreamEvents'>>(spec, call)).events;
  }

  /** The agent process's output lines (stderr and the platform's notes). */
  getSessionLogs(sessionId: string, query: LogQuery = {}, call?: CallOptions): Promise<SandboxLogs> {
    return this.http.json({ method: 'GET', path: `${sessionPath(sessionId)}/logs`, query }, call);
  }
}

function reattach(path: string, lastEventId: number | undefined): RequestSpec {
  const spec: RequestSpec = { method: 'GET', path: `${path}/stream` };
  if (lastEventId !== undefined) {
    spec.headers = { 'last-event-id': String(lastEventId) };
  }

  return spec;
}

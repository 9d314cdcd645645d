import type { SessionStatus } from '../models.js';

/** One object of the agent's stream-json output, passed on untranslated as the `message` event. */
export interface StreamJsonMessage {
  type: string;
  [field: string]: unknown;
}

/**
 * The data of each event type the server streams (docs/api.md, "SSE"). Ash's names and shapes: the
 * snake_case fields are the model's own (`tool_use_id`, `is_error`).
 */
export interface AshEventDataMap {
  /** First event of a turn. */
  session_start: { sessionId: string; version: string };
  /** A piece of the answer's text (with `includePartialMessages`). */
  text_delta: { delta: string };
  /** A piece of the model's thinking (with `includePartialMessages`), or a whole thinking block. */
  thinking_delta: { delta: string };
  /** A piece of a tool call's input as it streams (with `includePartialMessages`). */
  input_json_delta: { type: 'input_json_delta'; partial_json: string };
  /** A thinking block's signature (with `includePartialMessages`). */
  signature_delta: { type: 'signature_delta'; signature: string };
  /** The agent calls a tool. */
  tool_use: { id: string; name: string; input: Record<string, unknown> };
  /** A tool's output, as the agent got it. */
  tool_result: { tool_use_id?: string; content: string; is_error: boolean };
  /** The agent's raw stream-json object; follows the events derived from it. */
  message: StreamJsonMessage;
  /** The turn's result: how many model turns it took and its final text. */
  turn_complete: { numTurns?: number; result: string | null };
  /** What the turn cost, from its result. */
  usage: {
    inputTokens?: number;
    outputTokens?: number;
    cacheCreationInputTokens?: number;
    cacheReadInputTokens?: number;
    totalCostUsd?: number;
    durationMs?: number;
  };
  /** The session's status changed. */
  status: { status: SessionStatus; reason?: string };
  /** A lifecycle step of the session (created, paused, resumed, stopped, ended, forked). */
  lifecycle: { action: string; path?: string; reason?: string; parentSessionId?: string };
  /** A limit the kernel enforced in the sandbox. */
  resource_limit: { resource: string; limit: number; count: number; message: string };
  /** The turn's output stops being kept (an output limit, a line too long, the event-log quota). */
  truncated: { reason: string; limit?: number; message: string };
  /** The turn failed; `done` follows. `code` is stable (`max_turns`, `budget_exceeded`, `turn_timeout`, …). */
  error: { error: string; code?: string };
  /** Last event of a turn. */
  done: { sessionId: string };
}

/** The event types this SDK knows, in the order of {@link AshEventDataMap}. */
export type AshEventType = keyof AshEventDataMap;

export const ASH_EVENT_TYPES: readonly AshEventType[] = [
  'session_start', 'text_delta', 'thinking_delta', 'input_json_delta', 'signature_delta', 'tool_use', 'tool_result',
  'message', 'turn_complete', 'usage', 'status', 'lifecycle', 'resource_limit', 'truncated', 'error', 'done',
];

/** An event of a known type. `id` is its SSE id, the session's event sequence number. */
export type KnownAshEvent = {
  [T in AshEventType]: { type: T; event: T; id: number | undefined; data: AshEventDataMap[T] };
}[AshEventType];

/**
 * An event of a type this SDK does not know (a newer server's, or a delta type Ash forwards under its own
 * name): `event` is its SSE name, `data` its parsed JSON (or its text when it is not JSON).
 */
export interface UnknownAshEvent {
  type: 'unknown';
  event: string;
  id: number | undefined;
  data: unknown;
}

/** One event of a session's stream; switch on `type` to get its data typed. */
export type AshEvent = KnownAshEvent | UnknownAshEvent;

const KNOWN = new Set<string>(ASH_EVENT_TYPES);

/** Builds the typed event of one SSE frame. */
export function toAshEvent(event: string, id: number | undefined, rawData: string): AshEvent {
  let data: unknown;
  try {
    data = JSON.parse(rawData);
  } catch {
    data = rawData;
  }

  if (KNOWN.has(event) && typeof data === 'object' && data !== null) {
    return { type: event, event, id, data } as KnownAshEvent;
  }

  return { type: 'unknown', event, id, data };
}

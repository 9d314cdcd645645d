import { AshApiError, AshNetworkError } from '../errors.js';
import type { ReconnectOptions } from '../options.js';
import { toAshEvent, type AshEvent } from './event-types.js';
import { SseDecoder, type SseFrame } from './sse-decoder.js';

/** How one event stream connects, re-attaches and ends. */
export interface StreamPlan {
  /** Opens the first connection (its failure is the caller's error: nothing is retried before it succeeds). */
  open(connection: AbortSignal): Promise<Response>;

  /** Re-attaches after a drop, from the last event delivered (undefined when none was). */
  resume(connection: AbortSignal, lastEventId: number | undefined): Promise<Response>;

  /** A turn's stream: it ends at `done`, and a body that ends before `done` was cut. */
  endsAtDone: boolean;

  /**
   * Whether it can be resumed before its first numbered event. A message's POST cannot: until an event
   * arrives, where its turn starts in the session's log is unknown.
   */
  resumableBeforeFirstEvent: boolean;

  /** The last event id already seen, when the stream starts after one. */
  lastEventId?: number;
}

export type ReconnectPolicy = Required<ReconnectOptions>;

export const DEFAULT_RECONNECT: ReconnectPolicy = { maxRetries: 5, initialDelayMs: 250, maxDelayMs: 5_000, idleTimeoutMs: 45_000 };

/**
 * The events of a stream, re-attached with `Last-Event-ID` when its connection drops: events whose id is not
 * above the last one delivered are skipped, so the caller sees each event once and in order. A run of failed
 * attempts longer than `maxRetries` ends it with {@link AshNetworkError}. Aborting `signal` (or leaving the
 * loop) closes the connection; it does not stop the session's turn.
 */
export async function* eventStream(plan: StreamPlan, signal: AbortSignal | undefined, policy: ReconnectPolicy | false): AsyncGenerator<AshEvent, void, undefined> {
  let last = plan.lastEventId;
  let failures = 0;
  let connected = false;
  for (;;) {
    signal?.throwIfAborted();
    const connection = new AbortController();
    const relay = () => connection.abort(signal?.reason);
    signal?.addEventListener('abort', relay, { once: true });
    const idle = new IdleWatch(policy === false ? 0 : policy.idleTimeoutMs, connection);
    let lost: unknown;
    try {
      const response = connected ? await plan.resume(connection.signal, last) : await plan.open(connection.signal);
      connected = true;
      idle.touch();
      for await (const frame of readFrames(response, idle)) {
        const id = parseId(frame.id);
        if (id === undefined && frame.event === 'error') {
          // An unnumbered error is the server ending this connection, not an event of the session's log.
          const notice = parseNotice(frame.data);
          if (notice.code === 'api_key_revoked') {
            throw new AshApiError(401, notice.code, notice.error);
          }

          lost = new AshNetworkError(`The server cut the stream off: ${notice.error}`);
          break;
        }

        if (id !== undefined) {
          if (last !== undefined && id <= last) {
            continue;
          }

          last = id;
          failures = 0;
        }

        const event = toAshEvent(frame.event, id, frame.data);
        yield event;
        if (plan.endsAtDone && event.type === 'done') {
          return;
        }
      }

      if (lost === undefined) {
        if (!plan.endsAtDone) {
          return;
        }

        lost = new AshNetworkError("The stream ended before its turn's done event");
      }
    } catch (error) {
      if (signal?.aborted) {
        throw signal.reason;
      }

      if (!connected || (error instanceof AshApiError && !isTransient(error))) {
        throw error;
      }

      lost = idle.expired ? new AshNetworkError(`The stream brought nothing for ${idle.ms} ms`) : error;
    } finally {
      idle.stop();
      signal?.removeEventListener('abort', relay);
      connection.abort();
    }

    if (policy === false) {
      throw lost instanceof AshNetworkError ? lost : new AshNetworkError(`The event stream was lost: ${describe(lost)}`, { cause: lost });
    }

    if (last === undefined && !plan.resumableBeforeFirstEvent) {
      throw new AshNetworkError(
        `The connection dropped before the turn's first event (${describe(lost)}); the turn may be running: read it with streamSession or listStreamEvents`,
        { cause: lost });
    }

    failures++;
    if (failures > policy.maxRetries) {
      throw new AshNetworkError(`The event stream was lost and ${policy.maxRetries} attempts to re-attach failed: ${describe(lost)}`, { cause: lost });
    }

    await sleep(delayBefore(failures, policy, lost), signal);
  }
}

/** The frames of a response body; every read, keep-alives included, tells `idle` the connection lives. */
async function* readFrames(response: Response, idle: IdleWatch): AsyncGenerator<SseFrame, void, undefined> {
  if (response.body === null) {
    return;
  }

  const decoder = new SseDecoder();
  const text = new TextDecoder();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    idle.touch();
    if (done) {
      decoder.end();
      return;
    }

    yield* decoder.push(text.decode(value, { stream: true }));
  }
}

function parseId(id: string | undefined): number | undefined {
  if (id === undefined || !/^\d+$/.test(id)) {
    return undefined;
  }

  const value = Number(id);
  return Number.isSafeInteger(value) ? value : undefined;
}

function parseNotice(data: string): { error: string; code: string | undefined } {
  try {
    const value = JSON.parse(data) as { error?: unknown; code?: unknown };
    return {
      error: typeof value.error === 'string' ? value.error : data,
      code: typeof value.code === 'string' ? value.code : undefined,
    };
  } catch {
    return { error: data, code: undefined };
  }
}

/** A refusal worth another attempt: too many requests, or a server or gateway that is not ready. */
function isTransient(error: AshApiError): boolean {
  return error.statusCode === 429 || error.statusCode === 502 || error.statusCode === 503 || error.statusCode === 504;
}

/** Exponential backoff with jitter, and at least what the server's `Retry-After` asked for. */
function delayBefore(attempt: number, policy: ReconnectPolicy, lost: unknown): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  const asked = lost instanceof AshApiError && lost.retryAfter !== undefined ? lost.retryAfter * 1000 : 0;
  return Math.max(jittered, asked);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }

  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error.message + cause;
}

/** Closes a connection that has brought nothing for `ms` (a half-open socket never errors by itself). */
class IdleWatch {
  expired = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly ms: number, private readonly connection: AbortController) {}

  touch(): void {
    if (this.ms <= 0) {
      return;
    }

    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = true;
      this.connection.abort();
    }, this.ms);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

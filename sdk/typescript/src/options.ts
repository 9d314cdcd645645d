/** How {@link AshClient} reaches the server. */
export interface ClientOptions {
  /** The server's URL, e.g. `http://127.0.0.1:4100` (a path prefix such as `https://host/ash` is kept). */
  baseUrl: string | URL;

  /**
   * A tenant's API key, sent as `Authorization: Bearer <key>` (the admin key for the `/api/admin` methods).
   * Not needed for {@link AshClient.health}.
   */
  apiKey?: string;

  /** The `fetch` to use; the global one by default (Node 20's). */
  fetch?: typeof fetch;

  /**
   * The most a call may take, in milliseconds, default 60,000; 0 waits forever. For the streaming methods it
   * bounds only the wait for the response's headers: a stream runs until it ends or its signal aborts.
   * Each call can override it.
   */
  timeoutMs?: number;

  /** Extra headers sent with every request. */
  headers?: Record<string, string>;

  /** How a dropped event stream is resumed; `false` never reconnects. */
  reconnect?: ReconnectOptions | false;
}

/**
 * Reconnection of an event stream whose connection dropped: the client re-attaches to
 * `GET /api/sessions/:id/stream` with `Last-Event-ID` set to the last event it delivered, and skips what it
 * already delivered, so nothing is lost or repeated.
 */
export interface ReconnectOptions {
  /** Attempts in a row that may fail before the stream gives up with an `AshNetworkError`, default 5. */
  maxRetries?: number;

  /** The first wait before reconnecting, doubled at each failed attempt, in milliseconds, default 250. */
  initialDelayMs?: number;

  /** The longest wait between attempts, in milliseconds, default 5,000. */
  maxDelayMs?: number;

  /**
   * A connection that brings nothing for this long is taken as dropped, in milliseconds, default 45,000 (the
   * server sends a keep-alive comment every 15 s); 0 never.
   */
  idleTimeoutMs?: number;
}

/** Options every call takes. */
export interface CallOptions {
  /** Aborts the call; for a stream, stops reading and closes its connection. */
  signal?: AbortSignal;

  /** Overrides the client's {@link ClientOptions.timeoutMs} for this call. */
  timeoutMs?: number;
}

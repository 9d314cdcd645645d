import type { components } from './generated/openapi.js';

/**
 * What the client throws. A call the server refused is an {@link AshApiError} (with the server's status and
 * stable `code`); a server that could not be reached, or a connection that broke, is an
 * {@link AshNetworkError} ({@link AshTimeoutError} when the client's own deadline passed). A call aborted
 * through its `AbortSignal` rejects with the signal's reason, as `fetch` does (an `AbortError` by default).
 */
export class AshError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The error body every route answers with: `{error, statusCode, code}` (docs/openapi.json's `ApiError`). */
export type ApiErrorBody = components['schemas']['ApiError'];

/** The server answered with an error status (4xx, 5xx). */
export class AshApiError extends AshError {
  /** The HTTP status, e.g. 404. */
  readonly statusCode: number;

  /**
   * The server's stable error code, e.g. `session_not_found`, `invalid_api_key`, `rate_limited`. When the
   * answer was not the server's error shape (a proxy's page, say) it is `http_<status>`.
   */
  readonly code: string;

  /** Seconds to wait before trying again, from `Retry-After` (429, 503), else undefined. */
  readonly retryAfter: number | undefined;

  constructor(statusCode: number, code: string, message: string, retryAfter?: number) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** The server could not be reached, or the connection broke and could not be restored. */
export class AshNetworkError extends AshError {}

/** The client's deadline (`timeoutMs`) passed before the server answered. */
export class AshTimeoutError extends AshNetworkError {
  readonly timeoutMs: number;

  constructor(timeoutMs: number, what: string) {
    super(`${what} did not complete within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

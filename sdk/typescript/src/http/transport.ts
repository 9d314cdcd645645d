import { AshError, AshNetworkError, AshTimeoutError } from '../errors.js';
import type { CallOptions, ClientOptions } from '../options.js';
import { readApiError } from './api-error.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined;

/** One request: `path` is already encoded and starts with `/`. */
export interface RequestSpec {
  method: HttpMethod;
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON when defined. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A file the server sent as bytes. */
export interface Download {
  bytes: Uint8Array;
  /** The response's `Content-Type`. */
  contentType: string;
  /** The name in `Content-Disposition`, when the server gave one. */
  filename: string | undefined;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The HTTP layer under {@link AshClient}: URLs, the API key, JSON, deadlines, aborts and errors. Every
 * failure becomes an {@link AshError} (or the caller's abort reason), never a bare `TypeError`.
 */
export class Transport {
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly headers: Record<string, string>;

  constructor(options: ClientOptions) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('AshClient needs options: { baseUrl, apiKey }');
    }

    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`baseUrl must be an absolute http(s) URL, got '${String(options.baseUrl)}'`);
    }

    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`baseUrl must be an http(s) URL, got '${url.protocol}'`);
    }

    if (options.timeoutMs !== undefined && !(options.timeoutMs >= 0)) {
      throw new TypeError('timeoutMs must be a number of milliseconds, 0 or more');
    }

    url.search = '';
    url.hash = '';
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.apiKey = options.apiKey === '' ? undefined : options.apiKey;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.headers = { ...options.headers };
    if (typeof this.fetchImpl !== 'function') {
      throw new TypeError('No fetch: pass options.fetch, or run on Node 20 or later');
    }
  }

  /** Sends the request and parses the answer's JSON body. */
  json<T>(spec: RequestSpec, call?: CallOptions): Promise<T> {
    return this.send(spec, call, 'application/json', async (response) => {
      const text = await response.text();
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new AshError(`${spec.method} ${spec.path} answered ${response.status} with a body that is not JSON`, { cause: error });
      }
    });
  }

  /** Sends the request; the answer's body (none for a 204) is read and dropped. */
  empty(spec: RequestSpec, call?: CallOptions): Promise<void> {
    return this.send(spec, call, 'application/json', async (response) => {
      await response.arrayBuffer();
    });
  }

  /** Sends the request and reads the answer as bytes. */
  bytes(spec: RequestSpec, call?: CallOptions): Promise<Download> {
    return this.send(spec, call, '*/*', async (response) => ({
      bytes: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      filename: filenameOf(response.headers.get('content-disposition')),
    }));
  }

  /**
   * Opens a `text/event-stream` response on the caller's connection signal. The deadline covers the wait for
   * the headers only; the body is the caller's to read (and to close by aborting `connection`).
   */
  async openStream(spec: RequestSpec, connection: AbortSignal, timeoutMs?: number): Promise<Response> {
    const deadline = timeoutMs ?? this.timeoutMs;
    connection.throwIfAborted();
    const timer = new Deadline(deadline);
    try {
      // The body stays tied to `connection` after the headers: aborting it closes the stream.
      const response = await this.fetchImpl(this.url(spec), this.init(spec, 'text/event-stream', AbortSignal.any([connection, timer.signal])));
      if (!response.ok) {
        throw await readApiError(response);
      }

      if (response.body === null) {
        throw new AshError(`${spec.method} ${spec.path} answered without a body`);
      }

      return response;
    } catch (error) {
      throw this.failure(spec, error, connection, timer);
    } finally {
      timer.clear();
    }
  }

  private async send<T>(spec: RequestSpec, call: CallOptions | undefined, accept: string, read: (response: Response) => Promise<T>): Promise<T> {
    const signal = call?.signal;
    signal?.throwIfAborted();
    const timer = new Deadline(call?.timeoutMs ?? this.timeoutMs);
    try {
      const response = await this.fetchImpl(
        this.url(spec),
        this.init(spec, accept, signal === undefined ? timer.signal : AbortSignal.any([signal, timer.signal])));
      if (!response.ok) {
        throw await readApiError(response);
      }

      return await read(response);
    } catch (error) {
      throw this.failure(spec, error, signal, timer);
    } finally {
      timer.clear();
    }
  }

  /** What a failed call throws: the caller's abort reason, a timeout, our own error, or a network error. */
  private failure(spec: RequestSpec, error: unknown, signal: AbortSignal | undefined, timer: Deadline): unknown {
    if (signal?.aborted) {
      return signal.reason;
    }

    if (timer.signal.aborted) {
      return new AshTimeoutError(timer.ms, `${spec.method} ${spec.path}`);
    }

    if (error instanceof AshError) {
      return error;
    }

    return new AshNetworkError(`${spec.method} ${spec.path} failed: ${describeNetworkError(error)}`, { cause: error });
  }

  private url(spec: RequestSpec): string {
    let query = '';
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined || value === null) {
        continue;
      }

      query += `${query === '' ? '?' : '&'}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
    }

    return this.baseUrl + spec.path + query;
  }

  private init(spec: RequestSpec, accept: string, signal: AbortSignal): RequestInit {
    const headers: Record<string, string> = { ...this.headers, accept, ...spec.headers };
    if (this.apiKey !== undefined) {
      headers['authorization'] = `Bearer ${this.apiKey}`;
    }

    let body: string | undefined;
    if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }

    return { method: spec.method, headers, body, signal };
  }
}

/** A call's deadline as a signal that aborts when it passes; 0 never does. */
class Deadline {
  private readonly controller = new AbortController();
  private readonly handle: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly ms: number) {
    this.handle = ms > 0 ? setTimeout(() => this.controller.abort(), ms) : undefined;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.handle);
  }
}

/** fetch's own message is "fetch failed"; the reason (ECONNREFUSED, a reset socket) is in its cause. */
function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error && parts.length < 4; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
  }

  return parts.length > 0 ? parts.join(': ') : String(error);
}

function filenameOf(disposition: string | null): string | undefined {
  if (disposition === null) {
    return undefined;
  }

  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (encoded?.[1] !== undefined) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // Not valid percent-encoding: fall back to the plain parameter.
    }
  }

  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(disposition);
  return plain?.[1] ?? plain?.[2]?.trim();
}

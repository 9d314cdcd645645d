import { DEFAULT_RECONNECT, type ReconnectPolicy } from '../events/event-stream.js';
import { Transport } from '../http/transport.js';
import type { ClientOptions } from '../options.js';

/**
 * What every group of the client's methods shares: the transport and the reconnect policy. The methods
 * are split by area into a chain of classes, one file each (agents, versions, sessions, …), and
 * {@link AshClient} is the last of them.
 */
export abstract class ClientBase {
  /** @internal */
  protected readonly http: Transport;
  /** @internal */
  protected readonly reconnect: ReconnectPolicy | false;

  constructor(options: ClientOptions) {
    this.http = new Transport(options);
    this.reconnect = options.reconnect === false ? false : { ...DEFAULT_RECONNECT, ...definedOnly(options.reconnect ?? {}) };
  }

  /** The server's URL the routes are resolved against. */
  get baseUrl(): string {
    return this.http.baseUrl;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

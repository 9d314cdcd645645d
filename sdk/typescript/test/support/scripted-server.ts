import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A local HTTP server answering as the test scripts it: for the client's behaviour on answers the real
 * server cannot be made to give on demand (a 502 page, a replay that overlaps, a cut-off notice).
 */
export class ScriptedServer {
  readonly requests: { method: string; url: string; headers: IncomingMessage['headers'] }[] = [];

  private constructor(private readonly server: Server, readonly baseUrl: string) {}

  static async start(handler: Handler): Promise<ScriptedServer> {
    let scripted: ScriptedServer | undefined;
    const server = createServer((request, response) => {
      scripted?.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
      handler(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') {
      throw new Error('no port');
    }

    scripted = new ScriptedServer(server, `http://127.0.0.1:${address.port}`);
    return scripted;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One SSE frame as the server writes it. */
export function frame(event: string, data: unknown, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function startEventStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

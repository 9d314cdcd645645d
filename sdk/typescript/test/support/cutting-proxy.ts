import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a client and the server that can cut every open connection at once, as a network
 * failure would. It keeps what each connection sent upstream, so a test can see which requests were made.
 */
export class CuttingProxy {
  /** What the client sent on each connection, in the order the connections opened. */
  readonly sent: string[] = [];
  private readonly open = new Set<Socket>();

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(upstreamPort: number): Promise<CuttingProxy> {
    let proxy: CuttingProxy | undefined;
    const server = createServer((client) => proxy?.relay(client, upstreamPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') {
      throw new Error('the proxy has no port');
    }

    proxy = new CuttingProxy(server, address.port);
    return proxy;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Destroys every open connection, both ends. */
  cutAll(): number {
    const count = this.open.size;
    for (const socket of this.open) {
      socket.destroy();
    }

    this.open.clear();
    return count;
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, upstreamPort: number): void {
    const index = this.sent.push('') - 1;
    const upstream = connect(upstreamPort, '127.0.0.1');
    this.open.add(client);
    this.open.add(upstream);
    client.on('data', (chunk: Buffer) => {
      this.sent[index] += chunk.toString('latin1');
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.open.delete(client);
      this.open.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', close);
  }
}

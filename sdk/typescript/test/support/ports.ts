import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const handedOut = new Set<number>();

/**
 * A free port for a process started after it is chosen: taken below the kernel's ephemeral range (which it
 * never hands out as the local end of an outgoing connection), and never twice from this process.
 */
export async function freePort(): Promise<number> {
  const below = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * (below - 10_000));
    if (handedOut.has(port)) {
      continue;
    }

    handedOut.add(port);
    if (await canListen(port)) {
      return port;
    }
  }

  throw new Error(`no free port between 10000 and ${below}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

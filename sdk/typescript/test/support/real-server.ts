import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AshClient, type ClientOptions } from '@ash-on-dapr/sdk';
import { Child, delay } from './child.js';
import { freePort } from './ports.js';
import { buildOutput } from './repository.js';

const START_DEADLINE_MS = 180_000;

/** The real server and the fake model API it talks to, each its own process, on free ports. */
export class TestServer {
  private constructor(
    readonly baseUrl: string,
    readonly port: number,
    readonly apiKey: string,
    readonly adminKey: string,
    private readonly server: Child,
    private readonly model: Child,
    private readonly dataDirectory: string,
  ) {}

  /** Starts the fake model, then the server on a fresh data directory, and waits until it is healthy. */
  static async start(): Promise<TestServer> {
    const serverDll = buildOutput('ASH_SERVER_DLL', 'artifacts/bin/Ash.Server/release/ash-server.dll');
    const modelDll = buildOutput('ASH_FAKE_MODEL_DLL', 'artifacts/bin/Ash.Testing.FakeModel/release/Ash.Testing.FakeModel.dll');
    const claude = buildOutput('ASH_CLAUDE_PATH', '.cache/runtime/node_modules/@anthropic-ai/claude-code-linux-x64/claude');
    const modelKey = `sk-ant-sdk-test-${randomBytes(8).toString('hex')}`;
    const apiKey = `sdk-test-${randomBytes(16).toString('hex')}`;
    const adminKey = `sdk-admin-${randomBytes(24).toString('hex')}`;

    const modelPort = await freePort();
    const model = new Child('fake model', 'dotnet', [modelDll, '--api-key', modelKey, '--port', String(modelPort)], {});
    // The sandbox's uids must be able to reach the data directory (mkdtemp makes it 0700).
    const dataDirectory = await mkdtemp(path.join(tmpdir(), 'ash-sdk-ts-'));
    await chmod(dataDirectory, 0o755);
    const port = await freePort();
    const server = new Child('server', 'dotnet', [serverDll, '--port', String(port), '--host', '127.0.0.1', '--data', dataDirectory, '--runtime', claude], {
      ASH_API_KEY: apiKey,
      ASH_ADMIN_KEY: adminKey,
      ANTHROPIC_BASE_URL: `http://127.0.0.1:${modelPort}`,
      ANTHROPIC_API_KEY: modelKey,
      Ash__Sandbox__Volumes__PoolSize: '1',
      Logging__LogLevel__Default: 'Warning',
    });
    const started = new TestServer(`http://127.0.0.1:${port}`, port, apiKey, adminKey, server, model, dataDirectory);
    try {
      await waitForPort(model, modelPort);
      await started.waitUntilHealthy();
      return started;
    } catch (error) {
      await started.stop();
      throw error;
    }
  }

  /** A client of this server with its tenant key (or the options given). */
  client(options: Partial<ClientOptions> = {}): AshClient {
    return new AshClient({ baseUrl: this.baseUrl, apiKey: this.apiKey, timeoutMs: 120_000, ...options });
  }

  output(): string {
    return `--- server ---\n${this.server.output().slice(-8000)}\n--- fake model ---\n${this.model.output().slice(-4000)}`;
  }

  /** Stops both (the server unmounts its sessions' volumes on SIGTERM), then removes the data directory. */
  async stop(): Promise<void> {
    const clean = await this.server.stop(60_000);
    await this.model.stop(10_000);
    if (!clean) {
      detachMountsBelow(this.dataDirectory);
    }

    await rm(this.dataDirectory, { recursive: true, force: true, maxRetries: 3 });
  }

  private async waitUntilHealthy(): Promise<void> {
    const deadline = Date.now() + START_DEADLINE_MS;
    for (;;) {
      if (this.server.hasExited) {
        throw new Error(`The server exited before it was healthy:\n${this.output()}`);
      }

      try {
        const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (response.ok) {
          return;
        }
      } catch {
        // Not listening yet, or one slow answer while it starts on a busy machine: the deadline decides.
      }

      if (Date.now() > deadline) {
        throw new Error(`The server was not healthy within ${START_DEADLINE_MS} ms:\n${this.output()}`);
      }

      await delay(200);
    }
  }
}

async function waitForPort(child: Child, port: number): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  while (!(await accepts(port))) {
    if (child.hasExited || Date.now() > deadline) {
      throw new Error(`The ${child.name} did not listen on ${port}:\n${child.output()}`);
    }

    await delay(100);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A server that had to be killed left its sessions' volumes mounted: detach them before deleting. */
function detachMountsBelow(directory: string): void {
  let targets: string[];
  try {
    targets = execFileSync('findmnt', ['-rn', '-o', 'TARGET'], { encoding: 'utf8' }).split('\n').filter((target) => target.startsWith(`${directory}/`));
  } catch {
    return;
  }

  for (const target of targets.sort().reverse()) {
    try {
      execFileSync('umount', ['-l', target]);
    } catch {
      // Already gone.
    }
  }
}

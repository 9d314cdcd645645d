import { spawn, type ChildProcess } from 'node:child_process';

const KEPT_OUTPUT = 256 * 1024;

/** A child process whose output is kept (its last 256 KiB) for a failure's message. */
export class Child {
  private readonly process: ChildProcess;
  private text = '';
  private readonly exited: Promise<number | null>;

  constructor(readonly name: string, command: string, args: string[], env: Record<string, string>) {
    this.process = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.text = (this.text + chunk.toString('utf8')).slice(-KEPT_OUTPUT);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => resolve(code ?? (signal === null ? null : -1)));
      this.process.once('error', (error) => {
        keep(Buffer.from(`\n[failed to start: ${error.message}]\n`));
        resolve(-1);
      });
    });
  }

  get hasExited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  output(): string {
    return this.text;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; true when it exited by itself. */
  async stop(graceMs: number): Promise<boolean> {
    if (this.hasExited) {
      return true;
    }

    this.process.kill('SIGTERM');
    const exited = await Promise.race([this.exited.then(() => true), delay(graceMs).then(() => false)]);
    if (!exited) {
      this.process.kill('SIGKILL');
      await this.exited;
    }

    return exited;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

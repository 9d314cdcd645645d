import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repositoryRoot } from '../support/repository.js';
import { type Shared, TURN_TIMEOUT } from './shared.js';

const run = promisify(execFile);

export function exampleTests(shared: Shared): void {
  describe('examples/typescript', () => {
    it('deploys the agent, streams a turn and prints its tool calls', TURN_TIMEOUT, async () => {
      const script = path.join(repositoryRoot, 'examples/typescript/deploy-and-stream.mjs');
      const { stdout } = await run(process.execPath, [script, 'Please [[bash:echo from-the-example]]'], {
        env: { ...process.env, ASH_SERVER_URL: shared.server.baseUrl, ASH_API_KEY: shared.server.apiKey },
        timeout: 170_000,
      });
      assert.match(stdout, /^deployed hello-agent \(version \d+\)$/m);
      assert.match(stdout, /^\[tool call\] Bash \{"command":"echo from-the-example"/m);
      assert.match(stdout, /^\[tool result\] from-the-example$/m);
      assert.match(stdout, /\[done\]$/m);
      assert.ok(!stdout.includes(shared.server.apiKey), 'the key is never printed');
    });
  });
}

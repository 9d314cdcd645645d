// Deploys examples/hello-agent, streams one turn and prints the answer and the tool calls it makes.
//
//   (cd sdk/typescript && npm ci && npm run build)
//   ASH_SERVER_URL=http://127.0.0.1:4100 ASH_API_KEY=... node examples/typescript/deploy-and-stream.mjs ["your prompt"]
import { fileURLToPath } from 'node:url';
import { AshApiError, AshClient } from '../../sdk/typescript/dist/index.js';

const baseUrl = process.env.ASH_SERVER_URL ?? 'http://127.0.0.1:4100';
const apiKey = process.env.ASH_API_KEY;
if (!apiKey) {
  console.error('Set ASH_API_KEY to the server\'s API key (a server started with ash writes it to <data>/api-key).');
  process.exit(2);
}

const prompt = process.argv[2] ?? 'List the files in your working directory with ls, then say hello.';
const folder = fileURLToPath(new URL('../hello-agent/', import.meta.url));
const ash = new AshClient({ baseUrl, apiKey });

try {
  const agent = await ash.deployAgentFolder('hello-agent', folder);
  console.log(`deployed ${agent.name} (version ${agent.version})`);
  const session = await ash.createSession(agent.name);
  console.log(`session ${session.id}`);
  try {
    for await (const event of ash.sendMessageStream(session.id, prompt)) {
      switch (event.type) {
        case 'text_delta':
          process.stdout.write(event.data.delta);
          break;
        case 'tool_use':
          console.log(`\n[tool call] ${event.data.name} ${JSON.stringify(event.data.input)}`);
          break;
        case 'tool_result':
          console.log(`[tool result${event.data.is_error ? ', error' : ''}] ${event.data.content.trim()}`);
          break;
        case 'error':
          console.log(`\n[turn error] ${event.data.error}`);
          break;
        case 'done':
          console.log('\n[done]');
          break;
        default:
          break;
      }
    }
  } finally {
    await ash.endSession(session.id);
  }
} catch (error) {
  console.error(error instanceof AshApiError ? `The server refused: ${error.statusCode} ${error.code}: ${error.message}` : error);
  process.exit(1);
}

import { AdminMethods } from './client/admin.js';
import type { ClientOptions } from './options.js';

/**
 * Client for the Ash on Dapr API: deploy agents, run sessions, stream their turns.
 *
 * ```ts
 * const ash = new AshClient({ baseUrl: 'http://127.0.0.1:4100', apiKey: process.env.ASH_API_KEY });
 * await ash.deployAgentFolder('hello', './examples/hello-agent');
 * const session = await ash.createSession('hello');
 * for await (const event of ash.sendMessageStream(session.id, 'Hi!')) {
 *   if (event.type === 'text_delta') process.stdout.write(event.data.delta);
 * }
 * ```
 *
 * Every method takes a last {@link CallOptions} argument (`signal`, `timeoutMs`). A refused call throws
 * {@link AshApiError} (`statusCode`, `code`, `retryAfter`); an unreachable server {@link AshNetworkError}.
 */
export class AshClient extends AdminMethods {
  constructor(options: ClientOptions) {
    super(options);
  }
}

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AshApiError, AshClient, AshNetworkError, AshTimeoutError } from '@ash-on-dapr/sdk';
import { freePort } from './support/ports.js';
import { ScriptedServer } from './support/scripted-server.js';

describe('the client over HTTP', async () => {
  const server = await ScriptedServer.start((request, response) => {
    switch (request.url) {
      case '/api/agents':
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
        response.end(JSON.stringify({ error: 'Too many reads', statusCode: 429, code: 'rate_limited' }));
        break;
      case '/api/credentials':
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html>bad gateway</html>');
        break;
      case '/api/credentials/c1':
        response.writeHead(204);
        response.end();
        break;
      default:
        // Never answers: for deadlines and aborts.
        break;
    }
  });
  after(() => server.close());
  const client = new AshClient({ baseUrl: server.baseUrl, apiKey: 'k' });

  it('throws AshApiError with the code, status and Retry-After seconds of a refusal', async () => {
    const error = await client.listAgents().then(() => undefined, (caught: unknown) => caught);
    assert.ok(error instanceof AshApiError);
    assert.equal(error.statusCode, 429);
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.message, 'Too many reads');
    assert.equal(error.retryAfter, 7);
  });

  it('keeps a refusal that is not the server\'s error shape as http_<status> with its text', async () => {
    await assert.rejects(client.listCredentials(), (error: unknown) =>
      error instanceof AshApiError && error.statusCode === 502 && error.code === 'http_502' && error.message === '<html>bad gateway</html>');
  });

  it('resolves a 204 answer without reading JSON', async () => {
    assert.equal(await client.deleteCredential('c1'), undefined);
  });

  it('sends the key as a bearer token', () => {
    const sent = server.requests.find((request) => request.url === '/api/agents');
    assert.equal(sent?.headers.authorization, 'Bearer k');
  });

  it('throws AshTimeoutError when the deadline passes', async () => {
    await assert.rejects(client.getAgent('slow', { timeoutMs: 200 }), (error: unknown) =>
      error instanceof AshTimeoutError && error instanceof AshNetworkError && error.timeoutMs === 200);
  });

  it('rejects with the signal\'s reason when aborted, before or during the call', async () => {
    const before = server.requests.length;
    await assert.rejects(client.getAgent('x', { signal: AbortSignal.abort() }), { name: 'AbortError' });
    assert.equal(server.requests.length, before, 'an aborted call sends nothing');
    const controller = new AbortController();
    const pending = client.getAgent('slow', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await assert.rejects(pending, { message: 'caller gave up' });
  });

  it('throws AshNetworkError, not AshApiError, when nothing listens', async () => {
    const closed = new AshClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, apiKey: 'k' });
    await assert.rejects(closed.health(), (error: unknown) =>
      error instanceof AshNetworkError && !(error instanceof AshTimeoutError) && /ECONNREFUSED/.test(error.message));
  });

  it('refuses a base URL that is not http(s), and an empty id', async () => {
    assert.throws(() => new AshClient({ baseUrl: 'ftp://host' }), TypeError);
    assert.throws(() => new AshClient({ baseUrl: 'not a url' }), TypeError);
    await assert.rejects(client.getSession(''), TypeError);
  });
});

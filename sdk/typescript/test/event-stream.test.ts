import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, describe, it } from 'node:test';
import { AshApiError, AshClient, AshNetworkError, type AshEvent } from '@ash-on-dapr/sdk';
import { collect } from './support/events.js';
import { frame, ScriptedServer, startEventStream } from './support/scripted-server.js';

const SESSION = '6f1c1a5e-1111-4222-8333-944455556666';
const MESSAGES = `/api/sessions/${SESSION}/messages`;
const STREAM = `/api/sessions/${SESSION}/stream`;

/** The session's log as the scripted server serves it: ids 1-6, a turn from session_start to done. */
const LOG: [number, string, unknown][] = [
  [1, 'session_start', { sessionId: SESSION, version: '1' }],
  [2, 'text_delta', { delta: 'a' }],
  [3, 'text_delta', { delta: 'b' }],
  [4, 'brand_new_type', { anything: true }],
  [5, 'text_delta', { delta: 'c' }],
  [6, 'done', { sessionId: SESSION }],
];

function writeLog(response: ServerResponse, from: number, to: number): void {
  for (const [id, event, data] of LOG.filter(([id]) => id >= from && id <= to)) {
    response.write(frame(event, data, id));
  }
}

const FAST = { maxRetries: 2, initialDelayMs: 10, maxDelayMs: 20, idleTimeoutMs: 0 };

describe('a turn stream whose connection fails', () => {
  const servers: ScriptedServer[] = [];
  after(() => Promise.all(servers.map((server) => server.close())));
  const serve = async (handler: Parameters<typeof ScriptedServer.start>[0]) => {
    const server = await ScriptedServer.start(handler);
    servers.push(server);
    return server;
  };

  it('re-attaches from the last id and skips what the replay repeats', async () => {
    const server = await serve((request, response) => {
      startEventStream(response);
      if (request.url === MESSAGES) {
        writeLog(response, 1, 3);
        // A dropped connection: the socket goes without the response's end.
        setTimeout(() => response.socket?.destroy(), 20);
      } else {
        // An overlapping replay: ids 2 and 3 again, then the rest.
        writeLog(response, 2, 6);
      }
    });
    const events = await collect(new AshClient({ baseUrl: server.baseUrl, reconnect: FAST }).sendMessageStream(SESSION, 'hi'));
    assert.deepEqual(events.map((event) => event.id), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(server.requests.map((request) => [request.method, request.url, request.headers['last-event-id']]), [
      ['POST', MESSAGES, undefined],
      ['GET', STREAM, '3'],
    ]);
    const unknown = events[3];
    assert.ok(unknown?.type === 'unknown');
    assert.equal(unknown.event, 'brand_new_type');
    assert.deepEqual(unknown.data, { anything: true });
  });

  it('re-attaches when the server cuts it off with an unnumbered error', async () => {
    const server = await serve((request, response) => {
      startEventStream(response);
      if (request.url === MESSAGES) {
        writeLog(response, 1, 2);
        response.end(frame('error', { error: 'The stream fell behind and was cut off' }));
      } else {
        writeLog(response, 3, 6);
        response.end();
      }
    });
    const events = await collect(new AshClient({ baseUrl: server.baseUrl, reconnect: FAST }).sendMessageStream(SESSION, 'hi'));
    assert.deepEqual(events.map((event) => event.id), [1, 2, 3, 4, 5, 6]);
    assert.ok(events.every((event) => event.type !== 'error'), 'the cut-off notice is not an event of the turn');
  });

  it('ends with AshApiError api_key_revoked when the key is revoked', async () => {
    const server = await serve((_request, response) => {
      startEventStream(response);
      writeLog(response, 1, 2);
      response.end(frame('error', { error: 'The API key of this stream was revoked', code: 'api_key_revoked' }));
    });
    const seen: AshEvent[] = [];
    await assert.rejects(
      (async () => {
        for await (const event of new AshClient({ baseUrl: server.baseUrl, reconnect: FAST }).sendMessageStream(SESSION, 'hi')) {
          seen.push(event);
        }
      })(),
      (error: unknown) => error instanceof AshApiError && error.statusCode === 401 && error.code === 'api_key_revoked');
    assert.equal(seen.length, 2);
    assert.equal(server.requests.length, 1, 'a revoked key is not retried');
  });

  it('gives up after maxRetries failed attempts in a row', async () => {
    const server = await serve((request, response) => {
      if (request.url === MESSAGES) {
        startEventStream(response);
        writeLog(response, 1, 1);
        response.end();
      } else {
        response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
        response.end(JSON.stringify({ error: 'busy', statusCode: 503, code: 'capacity' }));
      }
    });
    await assert.rejects(
      collect(new AshClient({ baseUrl: server.baseUrl, reconnect: FAST }).sendMessageStream(SESSION, 'hi')),
      (error: unknown) => error instanceof AshNetworkError && /2 attempts/.test(error.message) && error.cause instanceof AshApiError);
    assert.equal(server.requests.filter((request) => request.url === STREAM).length, 2);
  });

  it('does not guess where the turn starts when the connection drops before its first event', async () => {
    const server = await serve((_request, response) => {
      startEventStream(response);
      response.write(': keepalive\n\n');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    await assert.rejects(
      collect(new AshClient({ baseUrl: server.baseUrl, reconnect: FAST }).sendMessageStream(SESSION, 'hi')),
      (error: unknown) => error instanceof AshNetworkError && /before the turn's first event/.test(error.message));
    assert.equal(server.requests.length, 1);
  });

  it('takes a connection that brings nothing for idleTimeoutMs as dropped', async () => {
    const server = await serve((request, response) => {
      startEventStream(response);
      if (request.url === MESSAGES) {
        writeLog(response, 1, 2);
        // Then silence, as a half-open connection gives.
      } else {
        writeLog(response, 3, 6);
        response.end();
      }
    });
    const client = new AshClient({ baseUrl: server.baseUrl, reconnect: { ...FAST, idleTimeoutMs: 300 } });
    const events = await collect(client.sendMessageStream(SESSION, 'hi'));
    assert.deepEqual(events.map((event) => event.id), [1, 2, 3, 4, 5, 6]);
    assert.equal(server.requests[1]?.headers['last-event-id'], '2');
  });

  it('does not reconnect when reconnect is false', async () => {
    const server = await serve((_request, response) => {
      startEventStream(response);
      writeLog(response, 1, 2);
      setTimeout(() => response.socket?.destroy(), 20);
    });
    await assert.rejects(
      collect(new AshClient({ baseUrl: server.baseUrl, reconnect: false }).sendMessageStream(SESSION, 'hi')),
      AshNetworkError);
    assert.equal(server.requests.length, 1);
  });
});

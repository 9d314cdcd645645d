import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ASH_EVENT_TYPES, AshClient, OPERATION_METHODS } from '@ash-on-dapr/sdk';
import { openApiDocument } from './support/repository.js';

interface Operation {
  operationId?: string;
  responses?: Record<string, { description?: string }>;
}

const document = JSON.parse(readFileSync(openApiDocument, 'utf8')) as { paths: Record<string, Record<string, Operation>> };
const operations = Object.values(document.paths).flatMap((item) => Object.values(item));

describe('the SDK against docs/openapi.json', () => {
  it('has a client method for every operation of the contract', () => {
    const ids = operations.map((operation) => operation.operationId);
    assert.ok(ids.length > 70, `only ${ids.length} operations read`);
    const mapping: Record<string, string> = OPERATION_METHODS;
    const missing = ids.filter((id) => id === undefined || typeof mapping[id] !== 'string');
    assert.deepEqual(missing, [], 'operations without a client method: add them to the client and OPERATION_METHODS');
    const client = new AshClient({ baseUrl: 'http://127.0.0.1:9' }) as unknown as Record<string, unknown>;
    const notMethods = ids.map((id) => mapping[id!]!).filter((method) => typeof client[method] !== 'function');
    assert.deepEqual(notMethods, []);
  });

  it('maps no operation the contract does not have', () => {
    const ids = new Set(operations.map((operation) => operation.operationId));
    assert.deepEqual(Object.keys(OPERATION_METHODS).filter((id) => !ids.has(id)), []);
  });

  it('types every event type the SSE routes say they stream', () => {
    const streaming = operations.filter((operation) => operation.operationId === 'sendMessage' || operation.operationId === 'streamSession');
    assert.equal(streaming.length, 2);
    for (const operation of streaming) {
      const description = operation.responses?.['200']?.description ?? '';
      const list = /Event types and their data:(.*?)\. A revoked key/s.exec(description)?.[1];
      assert.ok(list !== undefined, `no list of event types in: ${description}`);
      const named = [...list.matchAll(/`([a-z_]+)/g)].map((match) => match[1]!);
      assert.ok(named.length >= 10, `only ${named.join(', ')} read`);
      const known = new Set<string>(ASH_EVENT_TYPES);
      assert.deepEqual(named.filter((type) => !known.has(type)), [], `event types the SDK does not type (${operation.operationId})`);
    }
  });
});

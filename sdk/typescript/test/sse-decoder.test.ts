import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseDecoder, type SseFrame } from '@ash-on-dapr/sdk';

function decodeAll(pieces: string[]): SseFrame[] {
  const decoder = new SseDecoder();
  const frames = pieces.flatMap((piece) => decoder.push(piece));
  decoder.end();
  return frames;
}

const BODY =
  ': keepalive\n\n' +
  'id: 1\nevent: session_start\ndata: {"sessionId":"s","version":"1"}\n\n' +
  'id: 2\r\nevent: text_delta\r\ndata: {"delta":"Hel"}\r\n\r\n' +
  'id: 3\revent: note\rdata: first\rdata:second\rdata:  indented\r\r' +
  'event: error\ndata: {"error":"cut off"}\n\n';

const EXPECTED: SseFrame[] = [
  { id: '1', event: 'session_start', data: '{"sessionId":"s","version":"1"}' },
  { id: '2', event: 'text_delta', data: '{"delta":"Hel"}' },
  { id: '3', event: 'note', data: 'first\nsecond\n indented' },
  { id: undefined, event: 'error', data: '{"error":"cut off"}' },
];

describe('SseDecoder', () => {
  it('decodes frames with LF, CRLF and CR line ends, multi-line data, comments and unnumbered frames', () => {
    assert.deepEqual(decodeAll([BODY]), EXPECTED);
  });

  it('gives the same frames whatever the pieces the body arrives in, a CRLF split between two included', () => {
    assert.deepEqual(decodeAll([...BODY]), EXPECTED);
    for (let cut = 1; cut < BODY.length; cut++) {
      assert.deepEqual(decodeAll([BODY.slice(0, cut), BODY.slice(cut)]), EXPECTED, `cut at ${cut}`);
    }
  });

  it('names a frame without an event field "message", and dispatches nothing for a frame without data', () => {
    assert.deepEqual(decodeAll(['data: x\n\n', 'id: 9\nevent: empty\n\n', 'retry: 10\ndata\n\n']), [
      { id: undefined, event: 'message', data: 'x' },
      { id: undefined, event: 'message', data: '' },
    ]);
  });

  it('does not carry an id to the next frame, and drops a frame the body ended in the middle of', () => {
    assert.deepEqual(decodeAll(['id: 4\ndata: a\n\ndata: b\n\nid: 5\ndata: unfinished\n']), [
      { id: '4', event: 'message', data: 'a' },
      { id: undefined, event: 'message', data: 'b' },
    ]);
  });

  it('keeps a long data line whole across many pieces', () => {
    const long = 'x'.repeat(100_000);
    const body = `id: 7\nevent: message\ndata: ${long}\n\n`;
    const pieces: string[] = [];
    for (let at = 0; at < body.length; at += 997) {
      pieces.push(body.slice(at, at + 997));
    }

    assert.deepEqual(decodeAll(pieces), [{ id: '7', event: 'message', data: long }]);
  });
});

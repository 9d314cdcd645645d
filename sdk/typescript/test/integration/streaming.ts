import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AshEvent, Session } from '@ash-on-dapr/sdk';
import { collect, idsOf, ofType, textOf } from '../support/events.js';
import { CuttingProxy } from '../support/cutting-proxy.js';
import { type Shared, TURN_TIMEOUT } from './shared.js';

export function streamingTests(shared: Shared, session: () => Promise<Session>): void {
  /** The turn's events as the session's stream log has them, from `first` to its done. */
  const loggedTurn = async (sessionId: string, first: number) => {
    const log = await shared.client.listStreamEvents(sessionId, { after: first - 1, limit: 1000 });
    const done = log.findIndex((event) => event.type === 'done');
    assert.ok(done >= 0, 'the log holds the turn\'s done');
    return log.slice(0, done + 1);
  };

  describe('streaming a turn', () => {
    it('streams a turn from session_start to done, with its text, as the stream log has it', TURN_TIMEOUT, async () => {
      const { id } = await session();
      const events = await collect(shared.client.sendMessageStream(id, 'Hello there'));
      assert.equal(events[0]?.type, 'session_start');
      assert.equal(events.at(-1)?.type, 'done');
      assert.match(textOf(events), /Hello! You said: Hello there/);
      assert.equal(ofType(events, 'turn_complete').length, 1);
      assert.ok(ofType(events, 'message').length > 0);
      const logged = await loggedTurn(id, events[0]!.id!);
      assert.deepEqual(idsOf(events), logged.map((event) => event.sequence));
      assert.deepEqual(events.map((event) => event.event), logged.map((event) => event.type));
    });

    it('streams tool calls and their results', TURN_TIMEOUT, async () => {
      const { id } = await session();
      const events = await collect(shared.client.sendMessageStream(id, 'Run this: [[bash:echo hi]]'));
      const [call] = ofType(events, 'tool_use');
      assert.ok(call !== undefined, `no tool_use in ${events.map((event) => event.event).join(', ')}`);
      assert.equal(call.data.name, 'Bash');
      assert.equal(call.data.input['command'], 'echo hi');
      const result = ofType(events, 'tool_result').find((event) => event.data.tool_use_id === call.data.id);
      assert.ok(result !== undefined);
      assert.equal(result.data.is_error, false);
      assert.match(result.data.content, /hi/);
      assert.equal(events.at(-1)?.type, 'done');
    });

    it('reads the history of those turns: messages, the timeline and the agent\'s logs', TURN_TIMEOUT, async () => {
      const { id } = await session();
      const messages = await shared.client.listMessages(id);
      assert.equal(messages[0]?.role, 'user');
      assert.match(messages[0]?.content ?? '', /Hello there/);
      assert.ok(messages.some((message) => message.role === 'assistant'));
      assert.equal((await shared.client.listMessages(id, { after: messages[0]!.sequence, limit: 1 }))[0]?.sequence, messages[1]?.sequence);
      const toolStarts = await shared.client.listSessionEvents(id, { type: 'tool_start' });
      assert.equal(toolStarts.length, 1);
      assert.match(toolStarts[0]?.data ?? '', /"toolName":"Bash"/);
      const logs = await shared.client.getSessionLogs(id);
      assert.ok(Array.isArray(logs.logs));
    });

    it('interrupts a running turn: its stream ends with done long before the model would have finished', TURN_TIMEOUT, async () => {
      const { id } = await session();
      const events: AshEvent[] = [];
      let interrupted: boolean | undefined;
      for await (const event of shared.client.sendMessageStream(id, '[[slow:200:100]]')) {
        events.push(event);
        if (event.type === 'text_delta' && interrupted === undefined) {
          interrupted = (await shared.client.interruptSession(id)).interrupted;
        }
      }

      assert.equal(interrupted, true);
      assert.equal(events.at(-1)?.type, 'done');
      assert.ok(!textOf(events).includes('tick99'), 'the turn was cut short');
      assert.equal((await shared.client.interruptSession(id)).interrupted, false, 'nothing runs any more');
    });

    it('stops reading when its signal aborts, while the turn runs on and can be re-attached', TURN_TIMEOUT, async () => {
      const { id } = await session();
      const controller = new AbortController();
      const before: AshEvent[] = [];
      await assert.rejects(
        (async () => {
          for await (const event of shared.client.sendMessageStream(id, '[[slow:100:20]]', {}, { signal: controller.signal })) {
            before.push(event);
            if (ofType(before, 'text_delta').length === 2) {
              controller.abort();
            }
          }
        })(),
        { name: 'AbortError' });
      const last = before.at(-1)!.id!;
      const after = await collect(shared.client.streamSession(id, { lastEventId: last, untilDone: true }));
      assert.equal(after.at(-1)?.type, 'done', 'the turn ran to its end');
      const logged = await loggedTurn(id, before[0]!.id!);
      assert.deepEqual([...idsOf(before), ...idsOf(after)], logged.map((event) => event.sequence));
    });

    it('re-attaches after the connection is cut mid-turn and delivers exactly the rest of the turn', TURN_TIMEOUT, async () => {
      const { id } = await session();
      const proxy = await CuttingProxy.start(shared.server.port);
      try {
        const client = shared.clientWith({ baseUrl: proxy.baseUrl, reconnect: { initialDelayMs: 100 } });
        const events: AshEvent[] = [];
        let cut = 0;
        let cutAt: number | undefined;
        for await (const event of client.sendMessageStream(id, '[[slow:100:30]]')) {
          events.push(event);
          if (cutAt === undefined && ofType(events, 'text_delta').length === 5) {
            cutAt = event.id;
            cut = proxy.cutAll();
          }
        }

        assert.ok(cut > 0 && cutAt !== undefined, 'the connection was cut mid-turn');
        assert.equal(events.at(-1)?.type, 'done');
        const logged = await loggedTurn(id, events[0]!.id!);
        assert.deepEqual(idsOf(events), logged.map((event) => event.sequence), 'nothing lost, nothing twice');

        const sent = proxy.sent.join('');
        const reattach = new RegExp(`GET /api/sessions/${id}/stream HTTP/1.1\\r\\n(?:[^\\r]*\\r\\n)*?last-event-id: (\\d+)\\r\\n`, 'i').exec(sent);
        assert.ok(reattach !== null, 'the client re-attached to the stream with Last-Event-ID');
        const resumedFrom = Number(reattach[1]);
        assert.ok(resumedFrom >= cutAt, 'from the last event it had delivered');
        const position = events.findIndex((event) => event.id === resumedFrom);
        assert.ok(position >= 0 && position < events.length - 1, 'the cut came before the turn ended');
      } finally {
        await proxy.close();
      }
    });
  });
}

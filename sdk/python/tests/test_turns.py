"""Turns streamed by the blocking client against the real server: typed events, tool calls, history,
interrupting a turn, and closing a stream while its turn goes on."""

from __future__ import annotations

import json

from ash_on_dapr import (
    AshClient,
    DoneEvent,
    ErrorEvent,
    Session,
    SessionStartEvent,
    StreamEvent,
    TextDeltaEvent,
    ToolResultEvent,
    ToolUseEvent,
    TurnCompleteEvent,
)
from ash_server import AshServer
from cutting_proxy import CuttingProxy
from urllib.parse import urlparse


def text_of(events: list[StreamEvent]) -> str:
    return "".join(e.delta for e in events if isinstance(e, TextDeltaEvent))


def assert_the_whole_turn(client: AshClient, session_id: str, events: list[StreamEvent]) -> None:
    """The events are exactly the turn's part of the server's stream log: none lost, none repeated."""
    assert isinstance(events[0], SessionStartEvent) and isinstance(events[-1], DoneEvent)
    first, last = events[0].id, events[-1].id
    assert first is not None and last is not None
    logged = client.list_stream_events(session_id, after=first - 1, limit=1000)
    assert [e.id for e in events] == [e.sequence for e in logged if e.sequence <= last]


def test_a_turn_streams_text_and_tool_calls_as_typed_events(client: AshClient, session: Session) -> None:
    events = list(client.send_message_stream(session.id, "Please [[bash:echo hi]]"))

    assert_the_whole_turn(client, session.id, events)
    (call,) = [e for e in events if isinstance(e, ToolUseEvent)]
    assert (call.name, call.input["command"]) == ("Bash", "echo hi")
    (result,) = [e for e in events if isinstance(e, ToolResultEvent)]
    assert (result.tool_use_id, result.content.strip(), result.is_error) == (call.tool_use_id, "hi", False)
    assert text_of(events) == "Tool said: hi"
    (complete,) = [e for e in events if isinstance(e, TurnCompleteEvent)]
    assert complete.result == "Tool said: hi"

    messages = client.list_messages(session.id)
    assert json.loads(messages[0].content) == {"type": "user", "content": "Please [[bash:echo hi]]"}
    assert messages[0].role == "user" and {m.role for m in messages[1:]} == {"assistant"}
    (tool_start,) = client.list_session_events(session.id, type="tool_start")
    assert json.loads(tool_start.data)["toolName"] == "Bash"


def test_interrupt_stops_the_running_turn(client: AshClient, session: Session) -> None:
    events: list[StreamEvent] = []
    interrupted = None
    for event in client.send_message_stream(session.id, "[[slow:200:50]]"):
        events.append(event)
        if isinstance(event, TextDeltaEvent) and interrupted is None:
            interrupted = client.interrupt_session(session.id)

    assert interrupted is True
    assert isinstance(events[-1], DoneEvent)
    assert any(isinstance(e, ErrorEvent) and "interrupted" in e.error for e in events)
    assert text_of(events).count("tick") < 50
    assert client.interrupt_session(session.id) is False


def test_closing_a_stream_closes_its_connection_and_the_turn_runs_on(server: AshServer, client: AshClient, session: Session) -> None:
    with CuttingProxy(urlparse(server.url).port or 0, cut_after_deltas=10**9) as proxy:
        with AshClient(proxy.url, server.api_key) as through_proxy:
            with through_proxy.send_message_stream(session.id, "[[slow:100:20]]") as stream:
                before = [next(stream)]
                while not isinstance(before[-1], TextDeltaEvent):
                    before.append(next(stream))
            assert proxy.wait_closed(1)
    assert stream.last_event_id == before[-1].id

    after = list(client.stream_session(session.id, last_event_id=stream.last_event_id, stop_at_done=True))

    assert_the_whole_turn(client, session.id, before + after)
    (complete,) = [e for e in after if isinstance(e, TurnCompleteEvent)]
    assert text_of(before + after) == complete.result == "".join(f"tick{i} " for i in range(20))

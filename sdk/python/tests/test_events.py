"""Frames become typed events; anything unknown or odd still comes through."""

from __future__ import annotations

from ash_on_dapr import (
    DoneEvent,
    ErrorEvent,
    StatusEvent,
    StreamEvent,
    TextDeltaEvent,
    ToolResultEvent,
    ToolUseEvent,
    TurnCompleteEvent,
)
from ash_on_dapr.events import parse_event
from ash_on_dapr.sse import SseFrame


def test_known_types_get_their_class_and_fields() -> None:
    tool = parse_event(SseFrame("tool_use", '{"id":"toolu_1","name":"Bash","input":{"command":"ls"}}', "7"))
    assert isinstance(tool, ToolUseEvent)
    assert (tool.id, tool.tool_use_id, tool.name, tool.input) == (7, "toolu_1", "Bash", {"command": "ls"})

    result = parse_event(SseFrame("tool_result", '{"tool_use_id":"toolu_1","content":"a\\n","is_error":true}', "8"))
    assert isinstance(result, ToolResultEvent) and result.is_error and result.content == "a\n"

    complete = parse_event(SseFrame("turn_complete", '{"numTurns":2,"result":"ok"}', "9"))
    assert isinstance(complete, TurnCompleteEvent) and (complete.num_turns, complete.result) == (2, "ok")

    assert isinstance(parse_event(SseFrame("text_delta", '{"delta":"Hi"}', "1")), TextDeltaEvent)
    assert isinstance(parse_event(SseFrame("done", '{"sessionId":"s"}', "10")), DoneEvent)
    status = parse_event(SseFrame("status", '{"status":"stopped","reason":"idle"}', "11"))
    assert isinstance(status, StatusEvent) and status.reason == "idle"


def test_an_unknown_type_passes_through_with_its_data() -> None:
    event = parse_event(SseFrame("input_json_delta", '{"partial_json":"{\\"a"}', "4"))
    assert type(event) is StreamEvent
    assert (event.type, event.id, event.data) == ("input_json_delta", 4, {"partial_json": '{"a'})


def test_data_that_is_not_json_is_kept_as_text() -> None:
    event = parse_event(SseFrame("text_delta", "plain words", "3"))
    assert type(event) is StreamEvent and event.data == "plain words"


def test_an_unnumbered_error_has_no_id_and_keeps_its_code() -> None:
    event = parse_event(SseFrame("error", '{"error":"The API key of this stream was revoked","code":"api_key_revoked"}', None))
    assert isinstance(event, ErrorEvent) and event.id is None and event.code == "api_key_revoked"


def test_new_fields_of_a_known_type_stay_readable_in_data() -> None:
    event = parse_event(SseFrame("done", '{"sessionId":"s","later":1}', "5"))
    assert isinstance(event, DoneEvent) and event.data["later"] == 1

"""The typed events of a session's stream (docs/api.md, "SSE").

Every event has ``type`` (the SSE ``event:``), ``id`` (its sequence in the session's stream log, the
``Last-Event-ID`` to resume after; None for the server's unnumbered notices) and ``data`` (the JSON
payload as decoded, so a field this package does not know yet is still there). Known types get a
subclass with their fields; any other type comes as a plain ``StreamEvent``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

from ._wire import JsonValue
from .sse import SseFrame


@dataclass(frozen=True, kw_only=True)
class StreamEvent:
    """An event of any type; the base of the typed ones."""

    type: str
    id: int | None
    data: JsonValue = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class SessionStartEvent(StreamEvent):
    """First event of a turn."""

    session_id: str
    version: str


@dataclass(frozen=True, kw_only=True)
class TextDeltaEvent(StreamEvent):
    """A piece of the assistant's text (sent when the message asked for partial messages)."""

    delta: str


@dataclass(frozen=True, kw_only=True)
class ThinkingDeltaEvent(StreamEvent):
    """A piece of the model's thinking."""

    delta: str


@dataclass(frozen=True, kw_only=True)
class ToolUseEvent(StreamEvent):
    """The agent calls a tool: ``tool_use_id`` is the call's id (``data["id"]``), ``input`` its arguments."""

    tool_use_id: str
    name: str
    input: JsonValue


@dataclass(frozen=True, kw_only=True)
class ToolResultEvent(StreamEvent):
    """A tool's answer to the call ``tool_use_id``."""

    tool_use_id: str
    content: str
    is_error: bool


@dataclass(frozen=True, kw_only=True)
class MessageEvent(StreamEvent):
    """The agent's raw stream-json object (``data``), after the events derived from it."""


@dataclass(frozen=True, kw_only=True)
class TurnCompleteEvent(StreamEvent):
    """The agent finished the turn: how many model turns it took and its final text."""

    num_turns: int | None
    result: str | None


@dataclass(frozen=True, kw_only=True)
class UsageEvent(StreamEvent):
    """Tokens and cost of the turn as the agent reported them (fields it left out are None)."""

    input_tokens: int | None
    output_tokens: int | None
    cache_creation_input_tokens: int | None
    cache_read_input_tokens: int | None
    total_cost_usd: float | None
    duration_ms: int | None


@dataclass(frozen=True, kw_only=True)
class ErrorEvent(StreamEvent):
    """The turn failed (a ``done`` follows), or, unnumbered, the server ended the stream (``api_key_revoked``)."""

    error: str
    code: str | None


@dataclass(frozen=True, kw_only=True)
class DoneEvent(StreamEvent):
    """Last event of a turn."""

    session_id: str


@dataclass(frozen=True, kw_only=True)
class StatusEvent(StreamEvent):
    """The session's status changed; ``reason`` says why when the server did it by itself (``idle``, ``capacity``)."""

    status: str
    reason: str | None


@dataclass(frozen=True, kw_only=True)
class LifecycleEvent(StreamEvent):
    """A lifecycle step: ``action`` is created, paused, resumed, stopped, ended or forked."""

    action: str
    path: str | None
    reason: str | None
    parent_session_id: str | None


@dataclass(frozen=True, kw_only=True)
class ResourceLimitEvent(StreamEvent):
    """The kernel enforced a sandbox limit (``resource``: memory, processes, disk, …)."""

    resource: str
    limit: int | None
    count: int | None
    message: str


@dataclass(frozen=True, kw_only=True)
class TruncatedEvent(StreamEvent):
    """The turn's output stopped being kept (``reason``: an output limit, a line too long, the log quota)."""

    reason: str
    limit: int | None
    message: str


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    return value if isinstance(value, str) else ""


def _opt_text(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    return value if isinstance(value, str) else None


def _opt_int(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _opt_float(data: dict[str, Any], name: str) -> float | None:
    value = data.get(name)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


_Fields = Callable[[dict[str, Any]], dict[str, Any]]

_TYPES: dict[str, tuple[type[StreamEvent], _Fields]] = {
    "session_start": (SessionStartEvent, lambda d: {"session_id": _text(d, "sessionId"), "version": str(d.get("version", ""))}),
    "text_delta": (TextDeltaEvent, lambda d: {"delta": _text(d, "delta")}),
    "thinking_delta": (ThinkingDeltaEvent, lambda d: {"delta": _text(d, "delta")}),
    "tool_use": (ToolUseEvent, lambda d: {"tool_use_id": _text(d, "id"), "name": _text(d, "name"), "input": d.get("input")}),
    "tool_result": (
        ToolResultEvent,
        lambda d: {"tool_use_id": _text(d, "tool_use_id"), "content": _text(d, "content"), "is_error": d.get("is_error") is True},
    ),
    "message": (MessageEvent, lambda d: {}),
    "turn_complete": (TurnCompleteEvent, lambda d: {"num_turns": _opt_int(d, "numTurns"), "result": _opt_text(d, "result")}),
    "usage": (
        UsageEvent,
        lambda d: {
            "input_tokens": _opt_int(d, "inputTokens"),
            "output_tokens": _opt_int(d, "outputTokens"),
            "cache_creation_input_tokens": _opt_int(d, "cacheCreationInputTokens"),
            "cache_read_input_tokens": _opt_int(d, "cacheReadInputTokens"),
            "total_cost_usd": _opt_float(d, "totalCostUsd"),
            "duration_ms": _opt_int(d, "durationMs"),
        },
    ),
    "error": (ErrorEvent, lambda d: {"error": _text(d, "error"), "code": _opt_text(d, "code")}),
    "done": (DoneEvent, lambda d: {"session_id": _text(d, "sessionId")}),
    "status": (StatusEvent, lambda d: {"status": _text(d, "status"), "reason": _opt_text(d, "reason")}),
    "lifecycle": (
        LifecycleEvent,
        lambda d: {
            "action": _text(d, "action"),
            "path": _opt_text(d, "path"),
            "reason": _opt_text(d, "reason"),
            "parent_session_id": _opt_text(d, "parentSessionId"),
        },
    ),
    "resource_limit": (
        ResourceLimitEvent,
        lambda d: {
            "resource": _text(d, "resource"),
            "limit": _opt_int(d, "limit"),
            "count": _opt_int(d, "count"),
            "message": _text(d, "message"),
        },
    ),
    "truncated": (
        TruncatedEvent,
        lambda d: {"reason": _text(d, "reason"), "limit": _opt_int(d, "limit"), "message": _text(d, "message")},
    ),
}

EVENT_TYPES = tuple(_TYPES)
"""The event types that have a class of their own."""


def parse_event(frame: SseFrame) -> StreamEvent:
    """The typed event of a frame. Data that is not JSON is kept as a string; a known type whose data is
    not a JSON object comes as a plain ``StreamEvent``, so nothing the server sends is lost or fatal."""
    try:
        data: JsonValue = json.loads(frame.data)
    except ValueError:
        data = frame.data
    event_id = int(frame.id) if frame.id is not None and frame.id.isdecimal() else None
    known = _TYPES.get(frame.event)
    if known is None or not isinstance(data, dict):
        return StreamEvent(type=frame.event, id=event_id, data=data)
    cls, fields = known
    return cls(type=frame.event, id=event_id, data=data, **fields(data))

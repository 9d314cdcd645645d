"""Messages and their streams: send a turn, re-attach, interrupt, and read what the session kept."""

from __future__ import annotations

from typing import Literal

from .._call import Call, member, models, query, route
from .._follow import StreamPlan
from .._operation import operation, stream_operation
from .._wire import JsonValue, body
from ..models import Message, StreamLogEvent, TimelineEvent

_SESSION = "/api/sessions/{}"


class MessageRoutes:
    @stream_operation("sendMessage")
    def send_message_stream(
        self,
        session_id: str,
        content: str | list[dict[str, JsonValue]],
        *,
        include_partial_messages: bool = True,
        model: str | None = None,
        max_turns: int | None = None,
        max_budget_usd: float | None = None,
        effort: Literal["low", "medium", "high", "max"] | None = None,
        thinking: dict[str, JsonValue] | None = None,
        output_format: dict[str, JsonValue] | None = None,
        timeout_seconds: int | None = None,
        silence_timeout_seconds: int | None = None,
        attachments: list[str] | None = None,
    ) -> StreamPlan:
        """Sends a message and streams its turn, ``session_start`` to ``done``, as typed events.

        ``content`` is text or content blocks. A dropped connection is re-attached after the last event
        seen, without loss or repeats. A failed turn yields an ``ErrorEvent`` before ``done`` (no exception);
        a refused message raises ``AshApiError`` on the first read (404, 400 ``invalid_state``, 410…).
        ``include_partial_messages`` (default on) brings ``text_delta`` events.
        """
        fields = body(
            content=content,
            include_partial_messages=include_partial_messages,
            model=model,
            max_turns=max_turns,
            max_budget_usd=max_budget_usd,
            effort=effort,
            thinking=thinking,
            output_format=output_format,
            timeout_seconds=timeout_seconds,
            silence_timeout_seconds=silence_timeout_seconds,
            attachments=attachments,
        )
        return StreamPlan(session_id, "POST", route(_SESSION + "/messages", session_id), json=fields)

    @stream_operation("streamSession", local=("last_event_id", "stop_at_done"), sends=("Last-Event-ID",))
    def stream_session(self, session_id: str, *, last_event_id: int | None = None, stop_at_done: bool = False) -> StreamPlan:
        """Re-attaches to the session's stream: replays the events after ``last_event_id`` (all when None),
        then follows live ones, re-attaching after drops. It ends when the session ends, or with
        ``stop_at_done`` at the first ``done`` (the end of the running turn)."""
        return StreamPlan(
            session_id, "GET", route(_SESSION + "/stream", session_id), last_event_id=last_event_id, stop_at_done=stop_at_done
        )

    @operation("interruptSession")
    def interrupt_session(self, session_id: str) -> Call[bool]:
        """Cancels the session's running turn; False when none was running. Its stream ends with ``done``."""
        return Call("POST", route(_SESSION + "/interrupt", session_id), member("interrupted", bool))

    @operation("listMessages")
    def list_messages(self, session_id: str, *, after: int | None = None, limit: int | None = None) -> Call[list[Message]]:
        """The stored conversation, oldest first, after a sequence."""
        return Call("GET", route(_SESSION + "/messages", session_id), models(Message, "messages"), query=query(after=after, limit=limit))

    @operation("listSessionEvents")
    def list_session_events(
        self, session_id: str, *, after: int | None = None, limit: int | None = None, type: str | None = None
    ) -> Call[list[TimelineEvent]]:
        """The timeline (Ash's events: text, tool_start, tool_result, …), oldest first."""
        return Call(
            "GET", route(_SESSION + "/events", session_id), models(TimelineEvent, "events"), query=query(after=after, limit=limit, type=type)
        )

    @operation("listStreamEvents")
    def list_stream_events(
        self, session_id: str, *, after: int | None = None, limit: int | None = None, type: str | None = None
    ) -> Call[list[StreamLogEvent]]:
        """The stream log: every event the session's streams carried, by their SSE ids."""
        return Call(
            "GET",
            route(_SESSION + "/stream/events", session_id),
            models(StreamLogEvent, "events"),
            query=query(after=after, limit=limit, type=type),
        )

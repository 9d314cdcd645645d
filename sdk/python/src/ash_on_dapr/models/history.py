"""What a session keeps of its turns: messages, the timeline and the stream log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class Message(WireModel):
    """A stored message; ``content`` is a JSON string (the user's message, or the agent's stream-json)."""

    __schema__ = "MessageDto"
    id: str
    session_id: str
    tenant_id: str
    role: str
    content: str
    sequence: int
    created_at: datetime


@dataclass(frozen=True)
class TimelineEvent(WireModel):
    """An entry of the session's timeline (Ash's events): ``text``, ``tool_start``, ``tool_result``, …; ``data`` is JSON."""

    __schema__ = "TimelineEventDto"
    id: str
    session_id: str
    tenant_id: str
    type: str
    data: str
    sequence: int
    created_at: datetime


@dataclass(frozen=True)
class StreamLogEvent(WireModel):
    """An event of the session's stream log; ``sequence`` is the SSE id a stream carried it under."""

    __schema__ = "EventDto"
    id: str
    session_id: str
    tenant_id: str
    type: str
    data: str | None
    sequence: int
    created_at: datetime

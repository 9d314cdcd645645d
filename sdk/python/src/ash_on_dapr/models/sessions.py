"""Sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import JsonValue, WireModel


@dataclass(frozen=True)
class SessionConfig(WireModel):
    """The options a session runs its agent with (each ``None`` when unset)."""

    __schema__ = "SessionConfigDto"
    allowed_tools: list[str] | None
    disallowed_tools: list[str] | None
    betas: list[str] | None
    subagents: JsonValue
    initial_agent: str | None


@dataclass(frozen=True)
class Session(WireModel):
    """A conversation with an agent. ``status`` is one of ``SESSION_STATUSES``."""

    __schema__ = "SessionDto"
    id: str
    tenant_id: str
    agent_name: str
    sandbox_id: str
    status: str
    runner_id: str | None
    parent_session_id: str | None
    created_at: datetime
    last_active_at: datetime
    model: str | None
    config: SessionConfig | None


SESSION_STATUSES = ("starting", "active", "paused", "stopped", "ended", "error")


@dataclass(frozen=True)
class SessionPage(WireModel):
    """A page of sessions; pass ``next_cursor`` as ``cursor`` for the next one (``None``: the last page)."""

    __schema__ = "SessionListResponse"
    sessions: list[Session]
    next_cursor: str | None

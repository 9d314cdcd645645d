"""Batch jobs: prompts queued to run as turns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import JsonValue, WireModel


@dataclass(frozen=True)
class QueueItem(WireModel):
    """A queued job; ``result`` is ``{text, turnComplete}`` once it completed."""

    __schema__ = "QueueItemDto"
    id: str
    tenant_id: str
    session_id: str | None
    agent_name: str
    prompt: str
    status: str
    priority: int
    retry_count: int
    max_retries: int
    error: str | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    result: JsonValue
    retry_after: datetime | None


@dataclass(frozen=True)
class QueuePage(WireModel):
    """A page of jobs, newest first; pass ``next_cursor`` as ``cursor`` for the next one."""

    __schema__ = "QueueListResponse"
    items: list[QueueItem]
    next_cursor: str | None


@dataclass(frozen=True)
class QueueStats(WireModel):
    """How many jobs are in each state."""

    __schema__ = "QueueStatsDto"
    pending: int
    processing: int
    completed: int
    failed: int
    cancelled: int

"""Metered usage, its totals, and the tenant's analytics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class UsageRecord(WireModel):
    """One metered value (``input_tokens``, ``output_tokens``, ``cost_usd``, …) of one model request."""

    __schema__ = "UsageEventDto"
    id: str
    tenant_id: str
    session_id: str
    agent_name: str
    event_type: str
    value: float
    created_at: datetime
    model: str | None


@dataclass(frozen=True)
class UsagePage(WireModel):
    """A page of usage records, newest first; pass ``next_cursor`` as ``cursor`` for the next one."""

    __schema__ = "UsageListResponse"
    events: list[UsageRecord]
    next_cursor: str | None


@dataclass(frozen=True)
class UsageStats(WireModel):
    """Usage totals."""

    __schema__ = "UsageStatsDto"
    total_input_tokens: int
    total_output_tokens: int
    total_cache_creation_tokens: int
    total_cache_read_tokens: int
    total_tool_calls: int
    total_messages: int
    total_compute_seconds: int
    total_cost_usd: float


@dataclass(frozen=True)
class AgentsAnalytics(WireModel):
    """How many agents the tenant has."""

    __schema__ = "AgentsAnalytics"
    total: int


@dataclass(frozen=True)
class SessionsAnalytics(WireModel):
    """How many sessions the tenant has, in all and by status."""

    __schema__ = "SessionsAnalytics"
    total: int
    by_status: dict[str, int]


@dataclass(frozen=True)
class EvalsAnalytics(WireModel):
    """Evaluation runs (Ash's field; this server runs none)."""

    __schema__ = "EvalsAnalytics"
    total_runs: int
    by_status: dict[str, int]


@dataclass(frozen=True)
class Analytics(WireModel):
    """The tenant's overview."""

    __schema__ = "AnalyticsResponse"
    agents: AgentsAnalytics
    sessions: SessionsAnalytics
    usage: UsageStats
    evals: EvalsAnalytics

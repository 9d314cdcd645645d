"""The server's health report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class MaxCapacitySizing(WireModel):
    """How the live-sandbox budget was chosen: what limited it, the memory seen and the room per sandbox."""

    __schema__ = "MaxCapacitySizing"
    limited_by: str
    memory_mb: int | None
    sandbox_memory_mb: int


@dataclass(frozen=True)
class PoolHealth(WireModel):
    """Sessions and agent processes by state (Ash's PoolStats)."""

    __schema__ = "PoolHealth"
    total: int
    cold: int
    warming: int
    warm: int
    waiting: int
    running: int
    max_capacity: int
    resume_warm_hits: int
    resume_cold_hits: int
    pre_warm_hits: int
    max_capacity_sizing: MaxCapacitySizing


@dataclass(frozen=True)
class LimitsHealth(WireModel):
    """The default resource limits of a sandbox and whether the kernel enforces them."""

    __schema__ = "LimitsHealth"
    enforced: bool
    memory_mb: int
    swap_excluded: bool
    max_processes: int
    cpus: float
    disk_mb: int
    max_files: int
    disk: str
    disk_quota_enforced: bool


@dataclass(frozen=True)
class SandboxHealth(WireModel):
    """How sandboxes are isolated on this server."""

    __schema__ = "SandboxHealth"
    isolation: str
    cgroup: str
    network: str
    runtime: str
    limits: LimitsHealth
    seccomp: bool
    full_network_allowed: bool


@dataclass(frozen=True)
class ModelRequestHealth(WireModel):
    """The last request the server's model proxy sent with the server's own key."""

    __schema__ = "ModelRequestHealth"
    at: datetime
    answered: bool
    status: int | None
    ok: bool


@dataclass(frozen=True)
class ModelHealth(WireModel):
    """Whether the server has a model key, and how its last request went."""

    __schema__ = "ModelHealth"
    credential_configured: bool
    last_request: ModelRequestHealth | None


@dataclass(frozen=True)
class Health(WireModel):
    """``GET /health``: status, version, counts and the sandbox's set-up."""

    __schema__ = "HealthResponse"
    status: str
    version: str
    active_sessions: int
    active_sandboxes: int
    uptime: int
    pool: PoolHealth
    sandbox: SandboxHealth
    database: str
    model: ModelHealth
    sandbox_hosts: list[str] | None = None

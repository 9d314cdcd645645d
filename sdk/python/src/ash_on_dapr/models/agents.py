"""Agents and their versions and files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class Agent(WireModel):
    """A deployed agent. ``version`` is the active version's number; ``env`` values come back as ``***``."""

    __schema__ = "AgentDto"
    id: str
    name: str
    tenant_id: str
    version: int
    path: str
    env: dict[str, str]
    model: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AgentVersion(WireModel):
    """One version of an agent: its content (``content_id``) and notes; only one is active at a time."""

    __schema__ = "AgentVersionDto"
    id: str
    tenant_id: str
    agent_name: str
    version_number: int
    name: str
    system_prompt: str | None
    release_notes: str | None
    is_active: bool
    knowledge_files: list[str] | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    content_id: str | None


@dataclass(frozen=True)
class AgentFileContent(WireModel):
    """One file of the agent's active version, as UTF-8 text."""

    __schema__ = "AgentFileContentResponse"
    path: str
    content: str
    size: int


@dataclass(frozen=True)
class AgentFilesWritten(WireModel):
    """How many files a write put into the new active version, and that version's number."""

    __schema__ = "AgentFilesWrittenResponse"
    written: int
    version: int


@dataclass(frozen=True)
class AgentFileDeleted(WireModel):
    """A deleted agent file and the number of the version made without it."""

    __schema__ = "AgentFileDeletedResponse"
    path: str
    deleted: bool
    version: int

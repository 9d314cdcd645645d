"""A session's workspace: its files, commands run in its sandbox, and the sandbox's log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class FileEntry(WireModel):
    """A file of a workspace or of an agent version; ``path`` is relative."""

    __schema__ = "FileEntryDto"
    path: str
    size: int
    modified_at: datetime


@dataclass(frozen=True)
class FileList(WireModel):
    """A workspace's files; ``truncated`` when there were more than the server lists."""

    __schema__ = "FileListResponse"
    files: list[FileEntry]
    source: str
    truncated: bool


@dataclass(frozen=True)
class FileContent(WireModel):
    """A workspace file as UTF-8 text."""

    __schema__ = "FileContentResponse"
    path: str
    content: str
    size: int
    source: str


@dataclass(frozen=True)
class FileWriteResult(WireModel):
    """One file of a write: ``written``, or the ``error`` that kept it out."""

    __schema__ = "FileWriteDto"
    path: str
    written: bool
    size: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class FileDeleted(WireModel):
    """A deleted workspace file."""

    __schema__ = "FileDeletedResponse"
    path: str
    deleted: bool


@dataclass(frozen=True)
class WorkspaceUpload(WireModel):
    """What unpacking a tar.gz bundle into the workspace did."""

    __schema__ = "WorkspaceUploadResponse"
    message: str
    files: int


@dataclass(frozen=True)
class ExecResult(WireModel):
    """A command's outcome; ``truncated`` when an output was longer than the server keeps."""

    __schema__ = "ExecCommandResponse"
    exit_code: int
    stdout: str
    stderr: str
    timed_out: bool
    truncated: bool


@dataclass(frozen=True)
class SandboxLogEntry(WireModel):
    """One line the sandbox logged; pass the last ``index`` as ``after`` to read on."""

    __schema__ = "SandboxLogEntryDto"
    index: int
    level: str
    text: str
    ts: datetime


@dataclass(frozen=True)
class SandboxLogs(WireModel):
    """A page of the sandbox's log."""

    __schema__ = "SandboxLogsResponse"
    logs: list[SandboxLogEntry]
    source: str

"""A session's workspace and sandbox: files, tar.gz bundles, commands, and the sandbox's log."""

from __future__ import annotations

import base64

from .._call import Call, content, model, models, query, route
from .._operation import operation
from .._wire import body
from ..models import ExecResult, FileContent, FileDeleted, FileList, FileWriteResult, SandboxLogs, WorkspaceUpload
from ._files import FileContents, upload_list

_SESSION = "/api/sessions/{}"
_FILE = "/api/sessions/{}/files/{path}"
# How much longer than the command's own timeout an exec request may take (the sandbox may need starting).
_EXEC_MARGIN_SECONDS = 60.0


class WorkspaceRoutes:
    @operation("getSessionFiles")
    def get_session_files(self, session_id: str, *, include_hidden: bool | None = None) -> Call[FileList]:
        """The workspace's files."""
        return Call("GET", route(_SESSION + "/files", session_id), model(FileList), query=query(include_hidden=include_hidden))

    @operation("getSessionFile", sends=("format",))
    def get_session_file(self, session_id: str, path: str) -> Call[FileContent]:
        """A workspace file as UTF-8 text (up to 1 MiB)."""
        return Call("GET", route(_FILE, session_id, path), model(FileContent), query={"format": "json"})

    @operation("getSessionFile", sends=("format",))
    def download_session_file(self, session_id: str, path: str) -> Call[bytes]:
        """A workspace file, its bytes."""
        return Call("GET", route(_FILE, session_id, path), content, query={"format": "raw"})

    @operation("writeSessionFiles")
    def write_session_files(self, session_id: str, files: FileContents, *, target_path: str | None = None) -> Call[list[FileWriteResult]]:
        """Writes files into the workspace (under ``target_path`` when given); one result per file."""
        fields = body(files=upload_list(files), target_path=target_path)
        return Call("POST", route(_SESSION + "/files", session_id), models(FileWriteResult, "files"), json=fields)

    @operation("deleteSessionFile")
    def delete_session_file(self, session_id: str, path: str) -> Call[FileDeleted]:
        """Deletes a workspace file."""
        return Call("DELETE", route(_FILE, session_id, path), model(FileDeleted))

    @operation("downloadWorkspace")
    def download_workspace(self, session_id: str) -> Call[bytes]:
        """The whole workspace as a tar.gz archive."""
        return Call("GET", route(_SESSION + "/workspace", session_id), content)

    @operation("uploadWorkspace")
    def upload_workspace(self, session_id: str, bundle: bytes) -> Call[WorkspaceUpload]:
        """Unpacks a tar.gz archive into the workspace."""
        encoded = base64.b64encode(bundle).decode("ascii")
        return Call("POST", route(_SESSION + "/workspace", session_id), model(WorkspaceUpload), json={"bundle": encoded})

    @operation("exec")
    def exec(self, session_id: str, command: str, *, timeout: int | None = None) -> Call[ExecResult]:
        """Runs a shell command in the session's sandbox; ``timeout`` in milliseconds (1-300,000; the server's
        default, 30 s, when None)."""
        wait = None if timeout is None else timeout / 1000 + _EXEC_MARGIN_SECONDS
        return Call("POST", route(_SESSION + "/exec", session_id), model(ExecResult), json=body(command=command, timeout=timeout), timeout=wait)

    @operation("getSessionLogs")
    def get_session_logs(self, session_id: str, *, after: int | None = None, limit: int | None = None) -> Call[SandboxLogs]:
        """The sandbox's log lines after ``after`` (an entry's ``index``)."""
        return Call("GET", route(_SESSION + "/logs", session_id), model(SandboxLogs), query=query(after=after, limit=limit))

"""A session's files and sandbox through the SDK: write, list, read, delete, tar.gz, exec."""

from __future__ import annotations

import io
import tarfile

from ash_on_dapr import AshClient, Session


def test_files_written_are_listed_read_and_deleted(client: AshClient, session: Session) -> None:
    written = client.write_session_files(session.id, {"notes/hello.txt": "hello\n", "data.bin": bytes(range(256))})
    assert {(w.path, w.written) for w in written} == {("notes/hello.txt", True), ("data.bin", True)}

    listed = {f.path: f.size for f in client.get_session_files(session.id).files}
    assert listed["notes/hello.txt"] == 6 and listed["data.bin"] == 256
    assert client.get_session_file(session.id, "notes/hello.txt").content == "hello\n"
    assert client.download_session_file(session.id, "data.bin") == bytes(range(256))

    assert client.delete_session_file(session.id, "notes/hello.txt").deleted
    assert "notes/hello.txt" not in {f.path for f in client.get_session_files(session.id).files}


def test_exec_runs_in_the_workspace(client: AshClient, session: Session) -> None:
    client.write_session_files(session.id, {"in.txt": "from the sdk"})
    result = client.exec(session.id, "cat in.txt && echo oops >&2 && exit 3")
    assert (result.exit_code, result.stdout, result.stderr.strip(), result.timed_out) == (3, "from the sdk", "oops", False)


def test_the_workspace_travels_as_tar_gz(client: AshClient, session: Session, agent: str) -> None:
    client.write_session_files(session.id, {"keep.txt": "kept"})
    archive = client.download_workspace(session.id)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        names = {member.name.removeprefix("./") for member in tar.getmembers()}
    assert "keep.txt" in names

    other = client.create_session(agent)
    assert client.upload_workspace(other.id, archive).files >= 1
    assert client.exec(other.id, "cat keep.txt").stdout == "kept"

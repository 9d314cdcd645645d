"""Every route of docs/openapi.json called through each client against the real server, answers read
into the typed models (so a model that does not match what the server really sends fails here). The
tour is written once; an adapter runs it on the blocking or on the asyncio client."""

from __future__ import annotations

import asyncio
import io
import tarfile
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from ash_on_dapr import (
    AshApiError,
    AshClient,
    AsyncAshClient,
    AsyncEventStream,
    DoneEvent,
    EventStream,
    StatusEvent,
    StreamEvent,
)
from ash_server import AshServer
from test_contract import OPERATIONS

SECONDS = 120


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class Blocking:
    """Calls a method of the blocking client by name; a stream is read to its end."""

    def __init__(self, client: AshClient, used: set[str]) -> None:
        self.client, self.used = client, used

    def __call__(self, name: str, *args: Any, **kwargs: Any) -> Any:
        method = getattr(self.client, name)
        self.used.add(method.operation_id)
        result = method(*args, **kwargs)
        return list(result) if isinstance(result, EventStream) else result


class OnLoop:
    """Calls a method of the asyncio client by name, on a loop of its own, with a deadline."""

    def __init__(self, client: AsyncAshClient, used: set[str], loop: asyncio.AbstractEventLoop) -> None:
        self.client, self.used, self.loop = client, used, loop

    def __call__(self, name: str, *args: Any, **kwargs: Any) -> Any:
        method = getattr(self.client, name)
        self.used.add(method.operation_id)
        result = method(*args, **kwargs)
        if isinstance(result, AsyncEventStream):
            return self.loop.run_until_complete(asyncio.wait_for(_collect(result), SECONDS))
        return self.loop.run_until_complete(asyncio.wait_for(result, SECONDS))


async def _collect(stream: AsyncEventStream) -> list[StreamEvent]:
    return [event async for event in stream]


Caller = Callable[..., Any]


@pytest.fixture(params=["blocking", "asyncio"])
def callers(request: pytest.FixtureRequest, server: AshServer) -> Iterator[tuple[Caller, Caller, set[str]]]:
    used: set[str] = set()
    if request.param == "blocking":
        with AshClient(server.url, server.api_key) as tenant, AshClient(server.url, server.admin_key) as admin:
            yield Blocking(tenant, used), Blocking(admin, used), used
        return
    loop = asyncio.new_event_loop()
    tenant_async, admin_async = AsyncAshClient(server.url, server.api_key), AsyncAshClient(server.url, server.admin_key)
    try:
        yield OnLoop(tenant_async, used, loop), OnLoop(admin_async, used, loop), used
    finally:
        loop.run_until_complete(tenant_async.aclose())
        loop.run_until_complete(admin_async.aclose())
        loop.close()


def test_every_route_answers_through_the_client(callers: tuple[Caller, Caller, set[str]], agent_folder: Path) -> None:
    ash, admin, used = callers
    name = unique("tour")
    session_id = agents_and_versions(ash, name, agent_folder)
    sessions_and_turns(ash, name, session_id)
    workspace_and_sandbox(ash, session_id)
    tenant_resources(ash, name, session_id)
    tenants(admin)
    lifecycle_and_the_end(ash, name, session_id)
    assert used == set(OPERATIONS), f"not called: {set(OPERATIONS) - used}"


def agents_and_versions(ash: Caller, name: str, folder: Path) -> str:
    agent = ash("upload_agent", name, folder)
    assert (agent.name, agent.version, agent.env) == (name, 1, {})
    assert ash("get_agent", name).id == agent.id
    assert name in {a.name for a in ash("list_agents")}
    assert [f.path for f in ash("list_agent_files", name)] == ["CLAUDE.md"]  # .env stays home
    assert ash("get_agent_file", name, "CLAUDE.md").content == (folder / "CLAUDE.md").read_text()
    assert ash("download_agent_file", name, "CLAUDE.md") == (folder / "CLAUDE.md").read_bytes()

    redeployed = ash("deploy_agent", name, str(folder), env={"GREETING": "hi"})
    assert (redeployed.version, redeployed.env) == (2, {"GREETING": "***"})
    assert ash("update_agent", name, env={}).env == {}
    assert ash("get_agent_config", name) == {}
    assert ash("update_agent_config", name, {"turns": {"timeoutSeconds": 600}}) == {"turns": {"timeoutSeconds": 600}}
    assert ash("upload_agent_files", name, {"skills/a.md": "A"}).written == 1
    assert ash("delete_agent_file", name, "skills/a.md").deleted

    (active,) = [v for v in ash("list_agent_versions", name) if v.is_active]
    draft = ash("create_agent_version", name, version_name="draft", release_notes="from the sdk")
    assert not draft.is_active and draft.name == "draft"
    assert ash("get_agent_version", name, draft.version_number).id == draft.id
    assert ash("update_agent_version", name, draft.id, release_notes="changed").release_notes == "changed"
    assert ash("activate_agent_version", name, draft.version_number) == draft.version_number
    assert ash("activate_agent_version", name, active.version_number) == active.version_number
    ash("delete_agent_version", name, draft.version_number)
    assert draft.version_number not in {v.version_number for v in ash("list_agent_versions", name)}

    session = ash("create_session", name)
    return str(session.id)


def sessions_and_turns(ash: Caller, name: str, session_id: str) -> None:
    assert ash("get_session", session_id).agent_name == name
    assert session_id in {s.id for s in ash("list_sessions", agent=name).sessions}
    assert ash("update_session_config", session_id, allowed_tools=["Bash"]).config.allowed_tools == ["Bash"]

    events = ash("send_message_stream", session_id, "hello")
    assert isinstance(events[-1], DoneEvent)
    assert [m.role for m in ash("list_messages", session_id)][0] == "user"
    assert "text" in {e.type for e in ash("list_session_events", session_id)}
    assert [e.sequence for e in ash("list_stream_events", session_id, after=events[0].id - 1)][: len(events)] == [e.id for e in events]
    assert ash("interrupt_session", session_id) is False


def workspace_and_sandbox(ash: Caller, session_id: str) -> None:
    (written,) = ash("write_session_files", session_id, {"a.txt": "A"}, target_path="sub")
    assert (written.path, written.written, written.size) == ("a.txt", True, 1)
    assert "sub/a.txt" in {f.path for f in ash("get_session_files", session_id).files}
    assert ash("get_session_file", session_id, "sub/a.txt").content == "A"
    assert ash("download_session_file", session_id, "sub/a.txt") == b"A"
    assert ash("delete_session_file", session_id, "sub/a.txt").deleted

    bundle = io.BytesIO()
    with tarfile.open(fileobj=bundle, mode="w:gz") as tar:
        info = tarfile.TarInfo("from-tar.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"tar"))
    assert ash("upload_workspace", session_id, bundle.getvalue()).files == 1
    with tarfile.open(fileobj=io.BytesIO(ash("download_workspace", session_id)), mode="r:gz") as tar:
        assert "from-tar.txt" in {m.name.removeprefix("./") for m in tar.getmembers()}
    assert ash("exec", session_id, "cat from-tar.txt", timeout=10_000).stdout == "tar"
    assert ash("get_session_logs", session_id).source

    attachment = ash("upload_attachment", session_id, "note.txt", b"note", mime_type="text/plain")
    assert (attachment.filename, attachment.size, attachment.mime_type) == ("note.txt", 4, "text/plain")
    assert [a.id for a in ash("list_attachments", session_id)] == [attachment.id]
    assert ash("download_attachment", attachment.id) == b"note"
    ash("delete_attachment", attachment.id)
    assert ash("list_attachments", session_id) == []


def tenant_resources(ash: Caller, name: str, session_id: str) -> None:
    credential = ash("store_credential", "anthropic", "sk-ant-not-a-real-key", label="sdk")
    assert credential.label == "sdk" and credential.active
    assert credential.id in {c.id for c in ash("list_credentials")}
    ash("delete_credential", credential.id)

    usage = ash("list_usage_events", session_id=session_id)
    assert {e.event_type for e in usage.events} >= {"input_tokens", "output_tokens"}
    assert ash("get_usage_stats", session_id=session_id).total_output_tokens > 0
    assert ash("get_analytics").agents.total >= 1

    assert ash("set_tenant_budget", 1000.0).scope == "tenant"
    assert ash("set_agent_budget", name, 500.0).target == name
    assert ash("set_session_budget", session_id, 100.0).remaining_usd <= 100.0
    assert {(b.scope, b.target) for b in ash("list_budgets")} >= {("tenant", None), ("agent", name), ("session", session_id)}
    ash("delete_session_budget", session_id)
    ash("delete_agent_budget", name)
    ash("delete_tenant_budget")
    assert ash("list_budgets") == []

    item = ash("enqueue", name, "queued hello", priority=1)
    assert ash("get_queue_item", item.id).prompt == "queued hello"
    assert item.id in {i.id for i in ash("list_queue_items").items}
    assert ash("get_queue_stats").pending + ash("get_queue_stats").processing + ash("get_queue_stats").completed >= 1
    try:
        assert ash("cancel_queue_item", item.id).status == "cancelled"
    except AshApiError as started:  # The queue may have taken it already: then only its turn can be stopped.
        assert started.code == "queue_item_not_pending"

    key = ash("create_api_key", label="sdk")
    assert key.key.startswith("ash_") and key.id in {k.id for k in ash("list_api_keys")}
    ash("revoke_api_key", key.id)


def tenants(admin: Caller) -> None:
    assert admin("health").status == "ok"
    tenant_id = unique("sdk-tenant")
    created = admin("create_tenant", tenant_id, label="SDK", key_label="first")
    assert (created.tenant.id, created.key.label) == (tenant_id, "first")
    assert tenant_id in {t.id for t in admin("list_tenants")}
    assert admin("get_tenant", tenant_id).label == "SDK"
    second = admin("create_tenant_key", tenant_id, label="second")
    assert {k.id for k in admin("list_tenant_keys", tenant_id)} == {created.key.id, second.id}
    admin("revoke_tenant_key", tenant_id, second.id)
    disabled = admin("disable_tenant", tenant_id)
    assert disabled.tenant.disabled_at is not None and disabled.revoked_keys == 1


def lifecycle_and_the_end(ash: Caller, name: str, session_id: str) -> None:
    assert ash("pause_session", session_id).status == "paused"
    assert ash("resume_session", session_id).status == "active"
    assert ash("stop_session", session_id).status == "stopped"
    fork = ash("fork_session", session_id)
    assert fork.parent_session_id == session_id
    assert ash("end_session", fork.id).status == "ended"
    assert ash("end_session", session_id).status == "ended"
    # Following an ended session replays its stream and ends with it.
    replay = ash("stream_session", session_id)
    assert isinstance(replay[-1], StatusEvent) and replay[-1].status == "ended"

    ash("delete_agent", name)
    with pytest.raises(AshApiError) as gone:
        ash("get_agent", name)
    assert gone.value.code == "agent_not_found"

"""One real server (and fake model) for the whole run; each test makes its own sessions (and agents
where it changes them), so no test depends on another's data."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from ash_on_dapr import AshClient, Session
from ash_server import AshServer

AGENT = "sdk-python-agent"


@pytest.fixture(scope="session")
def server() -> Iterator[AshServer]:
    running = AshServer.start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def agent_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("agent")
    (folder / "CLAUDE.md").write_text("# SDK test agent\nAnswer briefly.\n")
    (folder / ".env").write_text("SECRET=never-uploaded\n")
    return folder


@pytest.fixture(scope="session")
def agent(server: AshServer, agent_folder: Path) -> str:
    with AshClient(server.url, server.api_key) as client:
        client.upload_agent(AGENT, agent_folder)
    return AGENT


@pytest.fixture
def client(server: AshServer) -> Iterator[AshClient]:
    with AshClient(server.url, server.api_key) as made:
        yield made


@pytest.fixture
def session(client: AshClient, agent: str) -> Session:
    return client.create_session(agent)

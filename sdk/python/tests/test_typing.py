"""The type hints hold: mypy --strict passes on the package and the example, and catches misuse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from ash_server import REPOSITORY

SOURCES = REPOSITORY / "sdk/python/src"


@pytest.fixture(scope="module")
def mypy(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., subprocess.CompletedProcess[str]]:
    # One cache for the module's runs (the standard library's stubs are read once), outside the repository.
    cache = tmp_path_factory.mktemp("mypy-cache")

    def run(*targets: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "--python-version", "3.11", *map(str, targets)],
            env={"MYPYPATH": str(SOURCES), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


def test_the_package_and_the_example_pass_strict_type_checking(mypy: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    checked = mypy(SOURCES / "ash_on_dapr", REPOSITORY / "examples/python/stream_turn.py")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_clients_methods_are_typed_for_what_they_return(mypy: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from ash_on_dapr import AshClient, AsyncAshClient, Agent\n"
        "def blocking(ash: AshClient) -> Agent:\n"
        "    return ash.get_agent('a')\n"
        "async def awaited(ash: AsyncAshClient) -> Agent:\n"
        "    return await ash.get_agent('a')\n"
        "def wrong(ash: AsyncAshClient, sync: AshClient) -> None:\n"
        "    agent: Agent = ash.get_agent('a')\n"
        "    sync.get_agent(1)\n"
        "    for event in ash.send_message_stream('s', 'hi'):\n"
        "        pass\n"
    )
    checked = mypy(probe)
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["7", "8", "9"], checked.stdout

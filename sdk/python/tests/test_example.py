"""The example in examples/python runs against the real server and prints the turn's tool call."""

from __future__ import annotations

import os
import subprocess
import sys

from ash_server import REPOSITORY, AshServer

EXAMPLE = REPOSITORY / "examples/python/stream_turn.py"


def test_the_example_deploys_streams_and_prints_tool_calls(server: AshServer) -> None:
    environment = {
        **os.environ,
        "ASH_SERVER_URL": server.url,
        "ASH_API_KEY": server.api_key,
        "PYTHONPATH": str(REPOSITORY / "sdk/python/src"),
    }
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "Look around [[bash:echo from-the-example]]"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    assert '[tool call] Bash {"command": "echo from-the-example"' in run.stdout
    assert "[tool result] from-the-example" in run.stdout
    assert "Tool said: from-the-example" in run.stdout
    assert "deployed hello-agent" in run.stderr and server.api_key not in run.stdout + run.stderr

"""A real Ash on Dapr server and the fake model API it talks to, as OS processes for the tests.

Both come from the repository's Release build (``dotnet build Ash.sln -c Release``): the server with
its real sandbox and the real agent runtime (``ASH_CLAUDE_PATH``, else the one under ``.cache``), the
model replaced by ``Ash.Testing.FakeModel`` (directives such as ``[[bash:…]]`` and ``[[slow:…]]``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPOSITORY = Path(__file__).resolve().parents[3]
SERVER_DLL = REPOSITORY / "artifacts/bin/Ash.Server/release/ash-server.dll"
FAKE_MODEL_DLL = REPOSITORY / "artifacts/bin/Ash.Testing.FakeModel/release/Ash.Testing.FakeModel.dll"
RUNTIME = REPOSITORY / ".cache/runtime/node_modules/@anthropic-ai/claude-code-linux-x64/claude"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class AshServer:
    """A running server: its URL, its tenant key and admin key, and where it keeps its data and logs."""

    url: str
    api_key: str
    admin_key: str
    directory: Path
    _processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @staticmethod
    def start() -> AshServer:
        runtime = Path(os.environ.get("ASH_CLAUDE_PATH") or RUNTIME)
        for needed in (SERVER_DLL, FAKE_MODEL_DLL, runtime):
            if not needed.exists():
                raise RuntimeError(f"{needed} is missing: build the repository (dotnet build Ash.sln -c Release) and run scripts/install-deps.sh")
        directory = Path(tempfile.mkdtemp(prefix="ash-sdk-python-"))
        # Sandbox uids must be able to reach the data directory below it.
        directory.chmod(0o755)
        server = AshServer("", "sdk-" + secrets.token_hex(16), "admin-" + secrets.token_hex(20), directory)
        try:
            server._launch(runtime)
        except BaseException:
            server.stop()
            raise
        return server

    def _launch(self, runtime: Path) -> None:
        model_key = "sk-ant-fake-" + secrets.token_hex(8)
        model_port = free_port()
        self._spawn("fake-model", ["dotnet", str(FAKE_MODEL_DLL), "--api-key", model_key, "--port", str(model_port)], {})
        _wait(lambda: _listening(model_port), self, "the fake model did not listen")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        data = self.directory / "data"
        data.mkdir(mode=0o755)
        environment = {
            "ASH_API_KEY": self.api_key,
            "ASH_ADMIN_KEY": self.admin_key,
            "ANTHROPIC_BASE_URL": f"http://127.0.0.1:{model_port}",
            "ANTHROPIC_API_KEY": model_key,
            "Ash__Sandbox__Volumes__PoolSize": "1",
            "Logging__LogLevel__Default": "Warning",
        }
        arguments = ["--port", str(port), "--host", "127.0.0.1", "--data", str(data), "--runtime", str(runtime)]
        self._spawn("server", ["dotnet", str(SERVER_DLL), *arguments], environment)
        _wait(self._healthy, self, "the server did not become healthy")

    def _spawn(self, name: str, command: list[str], environment: dict[str, str]) -> None:
        log = open(self.directory / f"{name}.log", "wb")
        env = {**os.environ, **environment, "DOTNET_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_NOLOGO": "1"}
        self._processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env))
        log.close()

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/health", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    def exited(self) -> str | None:
        """Which process has stopped, if any."""
        names = ("fake-model", "server")
        return next((f"the {names[i]} exited ({p.returncode})" for i, p in enumerate(self._processes) if p.poll() is not None), None)

    def log_tail(self, lines: int = 40) -> str:
        out = []
        for log in sorted(self.directory.glob("*.log")):
            text = log.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(out)

    def stop(self) -> None:
        """SIGTERM, server first (it unmounts its volumes on the way out), then the data directory goes."""
        for process in reversed(self._processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=30)
        _detach_mounts_below(self.directory)
        shutil.rmtree(self.directory, ignore_errors=True)


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _wait(ready: object, server: AshServer, what: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(ready) and ready():
            return
        if (stopped := server.exited()) is not None:
            raise RuntimeError(f"{what}: {stopped}\n{server.log_tail()}")
        time.sleep(0.25)
    raise RuntimeError(f"{what} within {seconds:.0f} s\n{server.log_tail()}")


def _detach_mounts_below(directory: Path) -> None:
    """Volumes a server killed before it could unmount them would keep the directory (and loop devices) busy."""
    prefix = str(directory) + "/"
    with open("/proc/self/mounts") as mounts:
        targets = [line.split()[1] for line in mounts if line.split()[1].startswith(prefix)]
    for target in sorted(targets, reverse=True):
        subprocess.run(["umount", "-l", target], check=False, capture_output=True)

"""The package builds with its declared backend, and the wheel carries the modules and py.typed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from ash_server import REPOSITORY

PROJECT = REPOSITORY / "sdk/python"


def test_the_wheel_builds_with_setuptools_and_is_typed(tmp_path: Path) -> None:
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources.
    source = tmp_path / "source"
    shutil.copytree(PROJECT, source, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache", "tests"))
    build = subprocess.run(
        [sys.executable, "-c", "import setuptools.build_meta as b, sys; print(b.build_wheel(sys.argv[1]))", str(tmp_path)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = tmp_path / build.stdout.strip().splitlines()[-1]
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"ash_on_dapr/py.typed", "ash_on_dapr/client.py", "ash_on_dapr/async_client.py", "ash_on_dapr/surface/messages.py"} <= names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Requires-Dist: httpx" in metadata and "Requires-Python: >=3.11" in metadata

"""Reads a local agent folder into the files of an upload deploy."""

from __future__ import annotations

import os
from pathlib import Path

_SKIPPED_DIRECTORIES = frozenset({".git", "node_modules"})


def read_agent_folder(directory: str | os.PathLike[str]) -> dict[str, bytes]:
    """Every regular file below ``directory`` by its relative ``/``-separated path, in a stable order.

    Left out: what lies under ``.git`` or ``node_modules``; ``.env`` and ``.env.*`` files (secrets belong
    in the agent's ``env``, not its files); symbolic links, which could point anywhere on this machine.
    """
    root = Path(directory)
    if not root.is_dir():
        raise FileNotFoundError(f"Agent folder '{root.resolve()}' does not exist or is not a folder")
    files: dict[str, bytes] = {}
    for current, directories, names in os.walk(root, followlinks=False):
        directories[:] = sorted(d for d in directories if d not in _SKIPPED_DIRECTORIES and not os.path.islink(os.path.join(current, d)))
        for name in sorted(names):
            full = Path(current, name)
            if name == ".env" or name.startswith(".env.") or full.is_symlink() or not full.is_file():
                continue
            files[full.relative_to(root).as_posix()] = full.read_bytes()
    return dict(sorted(files.items()))

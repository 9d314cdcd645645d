"""Files as request bodies carry them: ``{path, content}`` with the bytes in base64."""

from __future__ import annotations

import base64
from typing import Mapping, Union

FileContents = Mapping[str, Union[bytes, str]]
"""Files by relative path; ``str`` content is written as UTF-8."""


def encode(data: bytes | str) -> str:
    return base64.b64encode(data.encode("utf-8") if isinstance(data, str) else data).decode("ascii")


def upload_list(files: FileContents) -> list[dict[str, str]]:
    return [{"path": path, "content": encode(data)} for path, data in files.items()]

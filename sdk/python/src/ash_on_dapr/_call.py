"""A request of the API as data, and what becomes of its answer: shared by the sync and asyncio clients,
which differ only in how they send it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from typing import Any, Callable, Generic, Mapping, TypeVar
from urllib.parse import quote

from ._wire import JsonValue, WireModel, camel
from .errors import AshApiError, AshProtocolError

T = TypeVar("T")
M = TypeVar("M", bound=WireModel)


@dataclass(frozen=True)
class Reply:
    """An answer as received: status, headers (lower-case names) and the whole body."""

    status: int
    headers: Mapping[str, str]
    content: bytes

    def json(self) -> JsonValue:
        try:
            return json.loads(self.content)
        except ValueError as error:
            raise AshProtocolError(f"The server answered {self.status} with a body that is not JSON") from error


@dataclass(frozen=True)
class Call(Generic[T]):
    """One request: ``read`` turns its successful answer into the method's result."""

    method: str
    path: str
    read: Callable[[Reply], T]
    query: Mapping[str, str] = field(default_factory=dict)
    json: JsonValue = None
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout: float | None = None
    """Seconds this request may take when longer than the client's own timeout (exec's command timeout)."""

    def complete(self, reply: Reply) -> T:
        """The method's result, or the server's refusal as ``AshApiError``."""
        raise_for_status(reply)
        return self.read(reply)


def route(template: str, *segments: str) -> str:
    """A route with each ``{}`` replaced by a percent-encoded segment (a file path keeps its slashes
    when the template marks it ``{path}``)."""
    parts = template.split("{")
    out = [parts[0]]
    for segment, part in zip(segments, parts[1:]):
        name, _, rest = part.partition("}")
        if not segment:
            raise ValueError(f"The {name or 'id'} of {template} must not be empty")
        out.append(quote(segment, safe="/" if name == "path" else "") + rest)
    return "".join(out)


def query(**values: str | int | float | bool | datetime | None) -> dict[str, str]:
    """Query parameters with camelCase names; ``None`` left out."""
    return {camel(name): _query_value(value) for name, value in values.items() if value is not None}


def _query_value(value: str | int | float | bool | datetime) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class ReadModel(Generic[M]):
    """Reads the answer as one model, or as the model under ``key`` of a wrapper object (``{agent}``)."""

    cls: type[M]
    key: str | None = None

    def __call__(self, reply: Reply) -> M:
        value = reply.json()
        return self.cls.from_json(value if self.key is None else _member(value, self.key))


@dataclass(frozen=True)
class ReadModels(Generic[M]):
    """Reads the list under ``key`` of the answer (``{agents: [...]}``)."""

    cls: type[M]
    key: str

    def __call__(self, reply: Reply) -> list[M]:
        items = _member(reply.json(), self.key)
        if not isinstance(items, list):
            raise AshProtocolError(f"'{self.key}' in the answer is not a list")
        return [self.cls.from_json(item) for item in items]


@dataclass(frozen=True)
class ReadMember(Generic[T]):
    """Reads one plain value of the answer (``{config}``, ``{interrupted}``)."""

    key: str
    kind: type[T]

    def __call__(self, reply: Reply) -> T:
        value = _member(reply.json(), self.key)
        if not isinstance(value, self.kind):
            raise AshProtocolError(f"'{self.key}' in the answer is not a {self.kind.__name__}")
        return value


model = ReadModel
models = ReadModels
member = ReadMember


def nothing(reply: Reply) -> None:
    """For routes whose answer carries nothing the caller needs (204, ``{ok: true}``)."""


def content(reply: Reply) -> bytes:
    """The answer's bytes (file downloads, tar.gz)."""
    return reply.content


def _member(value: JsonValue, key: str) -> Any:
    if not isinstance(value, dict) or key not in value:
        raise AshProtocolError(f"The answer has no '{key}'")
    return value[key]


def raise_for_status(reply: Reply) -> None:
    """Raises the server's error answer as ``AshApiError``: its ``code``, ``error`` and ``Retry-After``."""
    if 200 <= reply.status < 300:
        return
    code: str | None = None
    message: str | None = None
    try:
        body = json.loads(reply.content) if reply.content else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = body.get("code") if isinstance(body.get("code"), str) else None
        message = body.get("error") if isinstance(body.get("error"), str) else None
    if message is None:
        text = reply.content.decode("utf-8", "replace").strip()
        # Not our error shape (a proxy's page, say): a short body is the best message there is.
        message = text if 0 < len(text) <= 500 else f"HTTP {reply.status}"
    raise AshApiError(reply.status, code, message, retry_after(reply.headers.get("retry-after")))


def retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds: a number of seconds, or an HTTP date."""
    if not value:
        return None
    if value.strip().isdecimal():
        return float(value.strip())
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return None

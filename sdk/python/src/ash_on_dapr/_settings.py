"""What both clients are made with (the server's URL, the key, timeouts, the reconnect policy) and
what they share around their own I/O."""

from __future__ import annotations

import os
from typing import Any

import httpx

from ._call import Call
from ._follow import StreamSettings
from .errors import AshConnectionError

DEFAULT_URL = "http://localhost:4100"

Transport = httpx.BaseTransport | httpx.AsyncBaseTransport


class ClientBase:
    """The construction both clients share; each makes its own httpx client in ``_open``.

    ``base_url`` defaults to ``ASH_SERVER_URL`` (else ``http://localhost:4100``) and ``api_key`` to
    ``ASH_API_KEY`` (the CLI's variables). ``timeout`` bounds each request, in seconds. A stream stays
    open as long as events or keep-alives arrive within ``stream_read_timeout``, and is re-attached up to
    ``max_reconnects`` times in a row after a drop (0: never). ``transport`` replaces httpx's network
    transport (a sync one for ``AshClient``, an async one for ``AsyncAshClient``).
    """

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        *,
        timeout: float = 60.0,
        max_reconnects: int = 5,
        stream_read_timeout: float = 60.0,
        transport: Transport | None = None,
    ) -> None:
        if max_reconnects < 0:
            raise ValueError("max_reconnects must be 0 or more")
        self._base_url = (base_url or os.environ.get("ASH_SERVER_URL") or DEFAULT_URL).rstrip("/")
        key = api_key if api_key is not None else os.environ.get("ASH_API_KEY")
        headers = {"user-agent": "ash-on-dapr-python"}
        if key:
            headers["authorization"] = f"Bearer {key}"
        self._timeout = timeout
        self._stream_settings = StreamSettings(max_reconnects=max_reconnects, read_timeout=stream_read_timeout)
        self._open({"base_url": self._base_url, "headers": headers, "timeout": timeout}, transport)

    def _open(self, options: dict[str, Any], transport: Transport | None) -> None:
        raise NotImplementedError

    @property
    def base_url(self) -> str:
        """The server's URL."""
        return self._base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._base_url!r})"

    def _request_options(self, call: Call[Any]) -> dict[str, Any]:
        return {
            "method": call.method,
            "url": call.path,
            "params": call.query,
            "json": call.json,
            "headers": call.headers,
            "timeout": call.timeout or self._timeout,
        }

    def _unreachable(self, call: Call[Any], error: httpx.TransportError) -> AshConnectionError:
        return AshConnectionError(f"{call.method} {self._base_url}{call.path} failed: {error or type(error).__name__}")

"""The blocking client."""

from __future__ import annotations

from types import TracebackType
from typing import Any, TypeVar

import httpx

from ._call import Call, Reply
from ._follow import StreamPlan
from ._operation import SyncRunner
from ._settings import ClientBase, Transport
from .streams import EventStream
from .surface import Routes

T = TypeVar("T")


class AshClient(Routes, SyncRunner, ClientBase):
    """A client of an Ash on Dapr server: one blocking method per route, typed models, and event streams
    that re-attach after a dropped connection. Use it as a context manager, or call ``close()``. Its arguments: ``ClientBase``.
    """

    def _open(self, options: dict[str, Any], transport: Transport | None) -> None:
        if transport is not None and not isinstance(transport, httpx.BaseTransport):
            raise TypeError("AshClient needs a sync httpx transport (httpx.BaseTransport)")
        self._http = httpx.Client(transport=transport, **options)

    def close(self) -> None:
        """Closes the client's connections."""
        self._http.close()

    def __enter__(self) -> AshClient:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def _run(self, call: Call[T]) -> T:
        try:
            response = self._http.request(**self._request_options(call))
        except httpx.TransportError as error:
            raise self._unreachable(call, error) from error
        return call.complete(Reply(response.status_code, response.headers, response.content))

    def _follow(self, plan: StreamPlan) -> EventStream:
        return EventStream(self._http, plan, self._stream_settings)

"""The asyncio client: the same methods as ``AshClient``, as coroutines and async iterators."""

from __future__ import annotations

from types import TracebackType
from typing import Any, TypeVar

import httpx

from ._call import Call, Reply
from ._follow import StreamPlan
from ._operation import AsyncRunner
from ._settings import ClientBase, Transport
from .streams import AsyncEventStream
from .surface import Routes

T = TypeVar("T")


class AsyncAshClient(Routes, AsyncRunner, ClientBase):
    """``AshClient`` for asyncio: every method is a coroutine, every stream an async iterator (cancelling
    the task that reads one closes its connection). Use it as an async context manager, or call ``aclose()``. Its arguments: ``ClientBase``.
    """

    def _open(self, options: dict[str, Any], transport: Transport | None) -> None:
        if transport is not None and not isinstance(transport, httpx.AsyncBaseTransport):
            raise TypeError("AsyncAshClient needs an async httpx transport (httpx.AsyncBaseTransport)")
        self._http = httpx.AsyncClient(transport=transport, **options)

    async def aclose(self) -> None:
        """Closes the client's connections."""
        await self._http.aclose()

    async def __aenter__(self) -> AsyncAshClient:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        await self.aclose()

    async def _run(self, call: Call[T]) -> T:
        try:
            response = await self._http.request(**self._request_options(call))
        except httpx.TransportError as error:
            raise self._unreachable(call, error) from error
        return call.complete(Reply(response.status_code, response.headers, response.content))

    def _follow(self, plan: StreamPlan) -> AsyncEventStream:
        return AsyncEventStream(self._http, plan, self._stream_settings)

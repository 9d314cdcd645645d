"""The event streams the clients return: iterators of typed events that re-attach after a dropped
connection (``_follow.Follower`` decides; these only do the I/O).

Nothing is sent until the first event is asked for. Closing the stream (``close()``/``aclose()``,
leaving its ``with`` block, or cancelling the task that reads it) closes the connection; the turn goes
on running on the server, to be stopped with ``interrupt_session``.
"""

from __future__ import annotations

import asyncio
import time
from types import TracebackType
from typing import AsyncGenerator, AsyncIterator, Generator, Iterator

import httpx

from ._call import Reply
from ._follow import Follower, StreamPlan, StreamSettings
from .events import StreamEvent


def _timeout(settings: StreamSettings) -> httpx.Timeout:
    # The server sends a keep-alive comment every 15 s: a longer silence is a dead connection.
    return httpx.Timeout(30.0, read=settings.read_timeout)


class EventStream(Iterator[StreamEvent]):
    """A blocking iterator of a stream's events; use it in a ``with`` block to close it early."""

    def __init__(self, http: httpx.Client, plan: StreamPlan, settings: StreamSettings) -> None:
        self._http = http
        self._follower = Follower(plan, settings)
        self._events = self._run()

    @property
    def last_event_id(self) -> int | None:
        """The id of the last event passed on: where a later ``stream_session`` can resume."""
        return self._follower.last_event_id

    @property
    def reconnects(self) -> int:
        """How many times the stream was re-attached after a dropped connection."""
        return self._follower.reconnects

    def __next__(self) -> StreamEvent:
        return next(self._events)

    def close(self) -> None:
        """Stops reading and closes the connection."""
        self._events.close()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def _run(self) -> Generator[StreamEvent, None, None]:
        follower = self._follower
        timeout = _timeout(follower.settings)
        while True:
            try:
                with self._http.stream(**follower.request(), timeout=timeout) as response:
                    if response.status_code >= 300:
                        follower.refused(Reply(response.status_code, response.headers, response.read()))
                    else:
                        for text in response.iter_text():
                            yield from follower.feed(text)
                            if follower.finished:
                                return
                        follower.ended()
            except httpx.TransportError as error:
                follower.dropped(error)
            if follower.finished:
                return
            time.sleep(follower.delay)


class AsyncEventStream(AsyncIterator[StreamEvent]):
    """An async iterator of a stream's events; use it in an ``async with`` block to close it early."""

    def __init__(self, http: httpx.AsyncClient, plan: StreamPlan, settings: StreamSettings) -> None:
        self._http = http
        self._follower = Follower(plan, settings)
        self._events = self._run()

    @property
    def last_event_id(self) -> int | None:
        """The id of the last event passed on: where a later ``stream_session`` can resume."""
        return self._follower.last_event_id

    @property
    def reconnects(self) -> int:
        """How many times the stream was re-attached after a dropped connection."""
        return self._follower.reconnects

    async def __anext__(self) -> StreamEvent:
        return await self._events.__anext__()

    async def aclose(self) -> None:
        """Stops reading and closes the connection."""
        await self._events.aclose()

    async def __aenter__(self) -> AsyncEventStream:
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        await self.aclose()

    async def _run(self) -> AsyncGenerator[StreamEvent, None]:
        follower = self._follower
        timeout = _timeout(follower.settings)
        while True:
            try:
                async with self._http.stream(**follower.request(), timeout=timeout) as response:
                    if response.status_code >= 300:
                        follower.refused(Reply(response.status_code, response.headers, await response.aread()))
                    else:
                        async for text in response.aiter_text():
                            for event in follower.feed(text):
                                yield event
                            if follower.finished:
                                return
                        follower.ended()
            except httpx.TransportError as error:
                follower.dropped(error)
            if follower.finished:
                return
            await asyncio.sleep(follower.delay)

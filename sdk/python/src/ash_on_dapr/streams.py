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


class _Followed:
    """What both kinds of stream tell about their progress."""

    def __init__(self, plan: StreamPlan, settings: StreamSettings) -> None:
        self._follower = Follower(plan, settings)

    @property
    def last_event_id(self) -> int | None:
        """The id of the last event passed on: where a later ``stream_session`` can resume."""
        return self._follower.last_event_id

    @property
    def reconnects(self) -> int:
        """How many times the stream was re-attached after a dropped connection."""
        return self._follower.reconnects


class EventStream(_Followed, Iterator[StreamEvent]):
    """A blocking iterator of a stream's events; use it in a ``with`` block to close it early."""

    def __init__(self, http: httpx.Client, plan: StreamPlan, settings: StreamSettings) -> None:
        super().__init__(plan, settings)
        self._http = http
        self._events = self._run()

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
        while not follower.finished:
            time.sleep(follower.delay)
            try:
                with self._http.stream(**follower.request(), timeout=timeout) as response:
                    if response.status_code >= 300:
                        follower.refused(Reply(response.status_code, response.headers, response.read()))
                        continue
                    for text in response.iter_text():
                        yield from follower.feed(text)
                        if follower.finished:
                            break
                    follower.ended()
            except httpx.TransportError as error:
                follower.dropped(error)


class AsyncEventStream(_Followed, AsyncIterator[StreamEvent]):
    """An async iterator of a stream's events; use it in an ``async with`` block to close it early."""

    def __init__(self, http: httpx.AsyncClient, plan: StreamPlan, settings: StreamSettings) -> None:
        super().__init__(plan, settings)
        self._http = http
        self._events = self._run()

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
        while not follower.finished:
            await asyncio.sleep(follower.delay)
            try:
                async with self._http.stream(**follower.request(), timeout=timeout) as response:
                    if response.status_code >= 300:
                        follower.refused(Reply(response.status_code, response.headers, await response.aread()))
                        continue
                    async for text in response.aiter_text():
                        for event in follower.feed(text):
                            yield event
                        if follower.finished:
                            break
                    follower.ended()
            except httpx.TransportError as error:
                follower.dropped(error)

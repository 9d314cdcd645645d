"""The clients' stream loops over httpx's mock transport: a body that breaks off mid-turn, then a
re-attach that replays from the log (the real-server version is in test_reconnect.py)."""

from __future__ import annotations

import asyncio
from typing import AsyncIterator, Iterator

import httpx
import pytest

from ash_on_dapr import AshApiError, AshClient, AshConnectionError, AsyncAshClient


def frames(*ids: int) -> list[bytes]:
    kinds = {1: "session_start", 5: "done"}
    return [f"id: {i}\nevent: {kinds.get(i, 'text_delta')}\ndata: {{\"delta\":\"{i}\"}}\n\n".encode() for i in ids]


class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that sends some frames, then fails like a reset connection."""

    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    def __iter__(self) -> Iterator[bytes]:
        yield from self.parts
        raise httpx.ReadError("connection reset")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for part in self.parts:
            yield part
        raise httpx.ReadError("connection reset")


class Server:
    """Answers the turn with frames 1-3 then a reset; a re-attach replays 2-5 (2 and 3 again)."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "POST":
            return httpx.Response(200, stream=Broken(frames(1, 2, 3)))
        return httpx.Response(200, content=b"".join(frames(2, 3, 4, 5)))


def test_the_sync_stream_reattaches_after_the_last_event_without_repeats() -> None:
    server = Server()
    with AshClient("http://ash.test", "k", transport=httpx.MockTransport(server)) as client:
        stream = client.send_message_stream("s1", "hi")
        assert [e.id for e in stream] == [1, 2, 3, 4, 5]
    assert stream.reconnects == 1
    again = server.requests[1]
    assert (again.method, again.url.path, again.headers["last-event-id"]) == ("GET", "/api/sessions/s1/stream", "3")


def test_the_async_stream_reattaches_after_the_last_event_without_repeats() -> None:
    server = Server()

    async def run() -> list[int | None]:
        async with AsyncAshClient("http://ash.test", "k", transport=httpx.MockTransport(server)) as client:
            return [e.id async for e in client.send_message_stream("s1", "hi")]

    assert asyncio.run(run()) == [1, 2, 3, 4, 5]
    assert server.requests[1].headers["last-event-id"] == "3"


def test_a_stream_that_cannot_be_reattached_fails_after_its_retries() -> None:
    attempts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        if request.method == "POST":
            return httpx.Response(200, stream=Broken(frames(1, 2)))
        raise httpx.ConnectError("refused")

    client = AshClient("http://ash.test", "k", transport=httpx.MockTransport(handler), max_reconnects=2)
    with pytest.raises(AshConnectionError, match="2 re-attaches after event 2"):
        list(client.send_message_stream("s1", "hi"))
    assert attempts == ["POST", "GET", "GET"]


def test_a_refused_message_raises_the_servers_error_on_first_read() -> None:
    body = b'{"error":"Session not found","statusCode":404,"code":"session_not_found"}'
    transport = httpx.MockTransport(lambda request: httpx.Response(404, content=body))
    stream = AshClient("http://ash.test", "k", transport=transport).send_message_stream("s1", "hi")
    with pytest.raises(AshApiError) as raised:
        next(stream)
    assert (raised.value.status_code, raised.value.code) == (404, "session_not_found")


def test_the_key_goes_in_the_authorization_header_and_never_in_repr() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    client = AshClient("http://ash.test/", "secret-key", transport=httpx.MockTransport(handler))
    client.delete_agent("a")
    assert seen[0].headers["authorization"] == "Bearer secret-key"
    assert "secret-key" not in repr(client)

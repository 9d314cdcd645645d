"""The asyncio client against the real server: the same turn, cancellation by task, and reconnects."""

from __future__ import annotations

import asyncio
from urllib.parse import urlparse

import pytest

from ash_on_dapr import (
    AshApiError,
    AshClient,
    AsyncAshClient,
    Session,
    StreamEvent,
    TextDeltaEvent,
    ToolResultEvent,
    ToolUseEvent,
    TurnCompleteEvent,
)
from ash_server import AshServer
from cutting_proxy import CuttingProxy
from test_turns import assert_the_whole_turn, text_of

pytestmark = pytest.mark.asyncio
SECONDS = 120


async def collect(stream: object) -> list[StreamEvent]:
    return [event async for event in stream]  # type: ignore[attr-defined]


async def test_a_turn_streams_typed_events(server: AshServer, client: AshClient, session: Session) -> None:
    async with AsyncAshClient(server.url, server.api_key) as ash:
        assert (await ash.get_session(session.id)).status == "active"
        events = await asyncio.wait_for(collect(ash.send_message_stream(session.id, "Please [[bash:echo hi]]")), SECONDS)

    assert_the_whole_turn(client, session.id, events)
    (call,) = [e for e in events if isinstance(e, ToolUseEvent)]
    (result,) = [e for e in events if isinstance(e, ToolResultEvent)]
    assert (call.name, result.tool_use_id, result.content.strip()) == ("Bash", call.tool_use_id, "hi")
    assert text_of(events) == "Tool said: hi"


async def test_cancelling_the_reading_task_closes_the_connection_and_the_turn_runs_on(
    server: AshServer, client: AshClient, session: Session
) -> None:
    first_delta = asyncio.Event()
    seen: list[StreamEvent] = []

    async def read(ash: AsyncAshClient) -> None:
        async for event in ash.send_message_stream(session.id, "[[slow:100:20]]"):
            seen.append(event)
            if isinstance(event, TextDeltaEvent):
                first_delta.set()

    with CuttingProxy(urlparse(server.url).port or 0, cut_after_deltas=10**9) as proxy:
        async with AsyncAshClient(proxy.url, server.api_key) as ash:
            reader = asyncio.create_task(read(ash))
            await asyncio.wait_for(first_delta.wait(), SECONDS)
            reader.cancel()
            with pytest.raises(asyncio.CancelledError):
                await reader
            assert await asyncio.to_thread(proxy.wait_closed, 1)

    async with AsyncAshClient(server.url, server.api_key) as ash:
        rest = await asyncio.wait_for(collect(ash.stream_session(session.id, last_event_id=seen[-1].id, stop_at_done=True)), SECONDS)

    assert_the_whole_turn(client, session.id, seen + rest)
    (complete,) = [e for e in rest if isinstance(e, TurnCompleteEvent)]
    assert text_of(seen + rest) == complete.result == "".join(f"tick{i} " for i in range(20))


async def test_a_dropped_stream_is_reattached_without_loss_or_repeats(server: AshServer, client: AshClient, session: Session) -> None:
    with CuttingProxy(urlparse(server.url).port or 0, cut_after_deltas=3) as proxy:
        async with AsyncAshClient(proxy.url, server.api_key) as ash:
            stream = ash.send_message_stream(session.id, "[[slow:100:30]]")
            events = await asyncio.wait_for(collect(stream), SECONDS)

    assert proxy.cuts == 1 and stream.reconnects == 1
    assert_the_whole_turn(client, session.id, events)
    assert text_of(events) == "".join(f"tick{i} " for i in range(30))


async def test_errors_are_typed(server: AshServer) -> None:
    async with AsyncAshClient(server.url, server.api_key) as ash:
        with pytest.raises(AshApiError) as missing:
            await ash.get_session("00000000-0000-4000-8000-000000000000")
    assert (missing.value.status_code, missing.value.code) == (404, "session_not_found")

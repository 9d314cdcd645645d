"""The reconnect decisions, without a network: what is passed on, what is dropped, when to stop."""

from __future__ import annotations

import pytest

from ash_on_dapr import AshApiError, AshConnectionError
from ash_on_dapr._call import Reply
from ash_on_dapr._follow import Follower, StreamPlan, StreamSettings
from ash_on_dapr.events import StreamEvent


def frame(event_id: int | None, kind: str, data: str = "{}") -> str:
    return (f"id: {event_id}\n" if event_id is not None else "") + f"event: {kind}\ndata: {data}\n\n"


def feed(follower: Follower, text: str) -> list[StreamEvent]:
    return list(follower.feed(text))


def turn(**settings: float) -> Follower:
    plan = StreamPlan("s1", "POST", "/api/sessions/s1/messages", json={"content": "hi"})
    return Follower(plan, StreamSettings(**settings))  # type: ignore[arg-type]


def test_after_a_drop_it_reattaches_after_the_last_event_and_drops_repeats() -> None:
    follower = turn()
    assert follower.request()["method"] == "POST"
    assert [e.id for e in feed(follower, frame(1, "session_start") + frame(2, "text_delta") + frame(3, "text_delta"))] == [1, 2, 3]
    follower.dropped(OSError("reset"))
    again = follower.request()
    assert (again["method"], again["url"], again["headers"]["last-event-id"]) == ("GET", "/api/sessions/s1/stream", "3")
    assert [e.id for e in feed(follower, frame(2, "text_delta") + frame(3, "text_delta") + frame(4, "text_delta"))] == [4]


def test_a_turn_ends_at_its_done_and_nothing_after_it_is_passed_on() -> None:
    follower = turn()
    follower.request()
    events = feed(follower, frame(1, "session_start") + frame(2, "done") + frame(3, "session_start"))
    assert [e.type for e in events] == ["session_start", "done"] and follower.finished


def test_a_turn_lost_before_its_first_event_is_not_sent_again() -> None:
    follower = turn()
    follower.request()
    with pytest.raises(AshConnectionError, match="before its first event"):
        follower.dropped(OSError("reset"))


def test_a_turn_closed_cleanly_before_done_is_a_drop() -> None:
    follower = turn()
    follower.request()
    feed(follower, frame(1, "session_start"))
    follower.ended()
    assert not follower.finished and follower.reconnects == 1


def test_reattaches_are_bounded_in_a_row_and_a_new_event_resets_the_count() -> None:
    follower = turn(max_reconnects=2)
    follower.request()
    feed(follower, frame(1, "session_start"))
    follower.dropped(OSError("a"))
    follower.dropped(OSError("b"))
    feed(follower, frame(2, "text_delta"))
    follower.dropped(OSError("c"))
    follower.dropped(OSError("d"))
    with pytest.raises(AshConnectionError, match="2 re-attaches after event 2"):
        follower.dropped(OSError("e"))


def test_the_pause_between_attempts_grows_and_honours_retry_after() -> None:
    follower = turn(first_backoff=0.5, max_backoff=10)
    follower.request()
    feed(follower, frame(1, "session_start"))
    follower.dropped(OSError("a"))
    first = follower.delay
    follower.dropped(OSError("b"))
    assert follower.delay == 2 * first
    follower.refused(Reply(503, {"retry-after": "7"}, b'{"error":"busy","statusCode":503,"code":"at_capacity"}'))
    assert follower.delay == 7


def test_a_refused_reattach_that_cannot_get_better_is_raised() -> None:
    follower = turn()
    follower.request()
    feed(follower, frame(1, "session_start"))
    follower.dropped(OSError("a"))
    with pytest.raises(AshApiError) as raised:
        follower.refused(Reply(404, {}, b'{"error":"Session not found","statusCode":404,"code":"session_not_found"}'))
    assert raised.value.code == "session_not_found"


def test_a_refused_message_is_raised_at_once() -> None:
    follower = turn()
    follower.request()
    with pytest.raises(AshApiError) as raised:
        follower.refused(Reply(503, {"retry-after": "1"}, b'{"error":"full","statusCode":503,"code":"at_capacity"}'))
    assert raised.value.retry_after == 1


def test_a_cut_off_notice_is_swallowed_and_the_stream_reattached() -> None:
    follower = Follower(StreamPlan("s1", "GET", "/api/sessions/s1/stream", stop_at_done=False), StreamSettings())
    follower.request()
    events = feed(follower, frame(4, "text_delta") + frame(None, "error", '{"error":"fell behind; reconnect"}'))
    assert [e.id for e in events] == [4]
    follower.ended()
    assert not follower.finished and follower.request()["headers"]["last-event-id"] == "4"


def test_a_revoked_key_ends_the_stream_with_its_notice() -> None:
    follower = Follower(StreamPlan("s1", "GET", "/api/sessions/s1/stream", stop_at_done=False), StreamSettings())
    follower.request()
    events = feed(follower, frame(None, "error", '{"error":"revoked","code":"api_key_revoked"}'))
    assert [e.type for e in events] == ["error"] and follower.finished


def test_following_a_session_ends_when_it_ends_or_when_the_server_closes_the_stream() -> None:
    follower = Follower(StreamPlan("s1", "GET", "/api/sessions/s1/stream", stop_at_done=False), StreamSettings())
    follower.request()
    feed(follower, frame(1, "done") + frame(2, "status", '{"status":"ended"}'))
    assert follower.finished

    closed = Follower(StreamPlan("s1", "GET", "/api/sessions/s1/stream", stop_at_done=False), StreamSettings())
    closed.request()
    feed(closed, frame(1, "done"))
    assert not closed.finished
    closed.ended()
    assert closed.finished


def test_an_event_counts_as_passed_on_only_once_it_is_taken() -> None:
    follower = turn()
    follower.request()
    events = follower.feed(frame(1, "session_start") + frame(2, "text_delta") + frame(3, "text_delta"))
    assert next(events).id == 1 and follower.last_event_id == 1
    assert next(events).id == 2 and follower.last_event_id == 2

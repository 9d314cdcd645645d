"""How a stream is followed across dropped connections, apart from the I/O (shared by both clients).

A turn's stream (``send_message_stream``) or a re-attach (``stream_session``) is one logical sequence
of events numbered by the session's stream log. When the connection drops before the end, the
follower re-attaches to ``GET /api/sessions/{id}/stream`` with ``Last-Event-ID`` set to the last id it
passed on, and drops whatever comes again with an id it has already passed (the server replays from
its log, and a live event can race the replay). Retries are bounded: ``max_reconnects`` attempts in a
row without a new event, with a growing pause between them (or the server's ``Retry-After``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ._call import Reply, raise_for_status, route
from ._wire import JsonValue
from .errors import AshApiError, AshConnectionError
from .events import ErrorEvent, StatusEvent, StreamEvent, parse_event
from .sse import SseDecoder

# Statuses a re-attach may meet for a moment: rate limited, or the server (or a proxy before it) busy.
_RETRYABLE = frozenset({429, 502, 503, 504})
_REVOKED = "api_key_revoked"


@dataclass(frozen=True)
class StreamPlan:
    """What a stream opens with and when it is over.

    ``stop_at_done``: a turn's stream ends after its ``done``; otherwise the stream follows the session
    until the server ends it (the session ended, or the key was revoked).
    """

    session_id: str
    method: str
    path: str
    json: JsonValue = None
    last_event_id: int | None = None
    stop_at_done: bool = True


@dataclass(frozen=True)
class StreamSettings:
    """The client's reconnect policy and how long a stream may be silent (the server sends a keep-alive every 15 s)."""

    max_reconnects: int = 5
    first_backoff: float = 0.25
    max_backoff: float = 5.0
    read_timeout: float = 60.0


@dataclass
class Follower:
    """The state of one followed stream: what to request next, which events to pass on, when to stop."""

    plan: StreamPlan
    settings: StreamSettings
    last_event_id: int | None = None
    finished: bool = False
    reconnects: int = 0
    delay: float = 0.0
    _failures: int = 0
    _cut_off: bool = False
    _decoder: SseDecoder = field(default_factory=SseDecoder)

    def __post_init__(self) -> None:
        self.last_event_id = self.plan.last_event_id

    def request(self) -> dict[str, Any]:
        """The keyword arguments of the next request: the plan's opening one, then re-attaches."""
        self._decoder = SseDecoder()
        self._cut_off = False
        headers = {"accept": "text/event-stream"}
        if self.last_event_id is not None:
            headers["last-event-id"] = str(self.last_event_id)
        if self.reconnects == 0:
            return {"method": self.plan.method, "url": self.plan.path, "json": self.plan.json, "headers": headers}
        return {"method": "GET", "url": route("/api/sessions/{}/stream", self.plan.session_id), "headers": headers}

    def feed(self, text: str) -> Iterator[StreamEvent]:
        """The new events in a piece of the stream, up to the one that ends it. Lazily: an event counts as
        passed on (``last_event_id``) only once the caller has taken it, so a stream closed in the middle of
        a piece resumes after the last event its reader really got."""
        for frame in self._decoder.feed(text):
            event = self._accept(parse_event(frame))
            if event is not None:
                yield event
                if self.finished:
                    return

    def _accept(self, event: StreamEvent) -> StreamEvent | None:
        if event.id is None:
            if isinstance(event, ErrorEvent) and event.code != _REVOKED:
                # The server cut this connection off (it fell behind): reconnecting is the cure, not news.
                self._cut_off = True
                return None
            self.finished = isinstance(event, ErrorEvent)
            return event
        if self.last_event_id is not None and event.id <= self.last_event_id:
            return None
        self.last_event_id = event.id
        self._failures = 0
        if self.plan.stop_at_done:
            self.finished = event.type == "done"
        else:
            self.finished = isinstance(event, StatusEvent) and event.status == "ended"
        return event

    def refused(self, reply: Reply) -> None:
        """The server refused the request: raises, unless it was a re-attach that may be tried again."""
        try:
            raise_for_status(reply)
        except AshApiError as error:
            if self.reconnects == 0 or error.status_code not in _RETRYABLE:
                raise
            self._retry(error, error.retry_after)

    def ended(self) -> None:
        """The server closed the stream before its end: after a cut-off, or in a turn, that is a drop."""
        if self.finished:
            return
        if self.plan.stop_at_done or self._cut_off:
            self._retry(None, None)
        else:
            self.finished = True

    def dropped(self, error: Exception) -> None:
        """The connection failed (refused, reset, silent too long)."""
        self._retry(error, None)

    def _retry(self, cause: Exception | None, retry_after: float | None) -> None:
        what = f"The stream of session {self.plan.session_id}"
        because = f" ({_describe(cause)})" if cause is not None else ""
        if self.plan.method == "POST" and self.last_event_id is None:
            # Nothing to re-attach after, and whether the message was taken is unknown: sending it again could
            # run it twice. The caller can look (list_messages) and re-attach (stream_session).
            raise AshConnectionError(f"{what} was lost before its first event{because}") from cause
        if self._failures >= self.settings.max_reconnects:
            raise AshConnectionError(
                f"{what} was lost and {self._failures} re-attaches after event {self.last_event_id} failed{because}"
            ) from cause
        backoff = min(self.settings.first_backoff * 2**self._failures, self.settings.max_backoff)
        self.delay = max(backoff, retry_after or 0.0)
        self._failures += 1
        self.reconnects += 1


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__

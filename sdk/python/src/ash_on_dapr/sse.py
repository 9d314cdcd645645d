"""An incremental decoder of ``text/event-stream`` (the WHATWG rules), independent of any I/O.

Feed it text as it arrives, in pieces of any size; it returns each frame once its closing blank line
has been read. Lines end with LF, CRLF or CR (a CRLF may be split between two pieces);
``data:`` lines of one frame are joined by newlines; comments (``: keepalive``) and ``retry:`` are
skipped; a frame without ``data`` is no event.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SseFrame:
    """One event of the stream as sent: ``id`` is None when the frame carried no ``id:`` line."""

    event: str
    data: str
    id: str | None


class SseDecoder:
    """Turns pieces of an event stream into frames."""

    def __init__(self) -> None:
        self._pending = ""
        self._started = False
        self._after_cr = False
        self._event = ""
        self._data: list[str] = []
        self._id: str | None = None

    def feed(self, text: str) -> list[SseFrame]:
        """Decodes a piece of the stream; returns the frames it completed, in order."""
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if self._after_cr and text.startswith("\n"):
            text = text[1:]  # The LF of a CRLF whose CR ended the previous piece.
        if text:
            self._after_cr = text.endswith("\r")
        buffer = self._pending + text
        frames: list[SseFrame] = []
        start = 0
        while (end := _line_end(buffer, start)) is not None:
            line_end, next_start = end
            frame = self._line(buffer[start:line_end])
            if frame is not None:
                frames.append(frame)
            start = next_start
        self._pending = buffer[start:]
        return frames

    def _line(self, line: str) -> SseFrame | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None
        field, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if field == "event":
            self._event = value
        elif field == "data":
            self._data.append(value)
        elif field == "id" and "\0" not in value:
            self._id = value
        return None

    def _dispatch(self) -> SseFrame | None:
        frame = SseFrame(self._event or "message", "\n".join(self._data), self._id) if self._data else None
        self._event = ""
        self._data = []
        self._id = None
        return frame


def _line_end(buffer: str, start: int) -> tuple[int, int] | None:
    """Where the line starting at ``start`` ends and the next begins, or None when it is not complete yet."""
    lf = buffer.find("\n", start)
    cr = buffer.find("\r", start)
    if cr == -1 or (lf != -1 and lf < cr):
        return None if lf == -1 else (lf, lf + 1)
    return (cr, cr + 2) if buffer.startswith("\n", cr + 1) else (cr, cr + 1)

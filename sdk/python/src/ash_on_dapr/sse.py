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
        # The start of a line whose end has not arrived yet, in pieces (a long data line spans many reads).
        self._pending: list[str] = []
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
        if self._after_cr and text:
            self._after_cr = False
            if text.startswith("\n"):
                text = text[1:]  # The LF of a CRLF whose CR ended the previous piece.
        if text:
            self._after_cr = text.endswith("\r")
        if "\r" in text:
            # The rest of a line never holds a line end, so only the new text needs its CRs made LFs.
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        *lines, rest = text.split("\n")
        frames: list[SseFrame] = []
        if lines:
            lines[0] = "".join(self._pending) + lines[0]
            self._pending = []
            for line in lines:
                frame = self._line(line)
                if frame is not None:
                    frames.append(frame)
        if rest:
            self._pending.append(rest)
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


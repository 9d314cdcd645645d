"""A TCP proxy between a client and the server that cuts the first connection whose answer carries
enough ``text_delta`` events: a dropped connection in the middle of a turn, for real."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field


@dataclass
class CuttingProxy:
    upstream_port: int
    cut_after_deltas: int
    requests: list[bytes] = field(default_factory=list)
    """The start (request line and headers) of each connection's first request, in order."""
    cuts: int = 0
    client_closes: int = 0
    """How many connections the client closed (rather than the server or a cut)."""
    _listener: socket.socket = field(default_factory=socket.socket)
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> CuttingProxy:
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen()
        self._start(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def wait_closed(self, count: int, seconds: float = 10) -> bool:
        """Waits until the client has closed ``count`` connections."""
        with self._lock:
            return self._lock.wait_for(lambda: self.client_closes >= count, timeout=seconds)

    def _start(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        thread.start()
        self._threads.append(thread)

    def _accept(self) -> None:
        while True:
            try:
                downstream, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            closed_here = threading.Event()
            self._start(self._requests, downstream, upstream, closed_here)
            self._start(self._answers, upstream, downstream, closed_here)

    def _requests(self, downstream: socket.socket, upstream: socket.socket, closed_here: threading.Event) -> None:
        first = True
        while chunk := _receive(downstream):
            if first:
                with self._lock:
                    self.requests.append(_without_credentials(chunk.split(b"\r\n\r\n", 1)[0]))
                first = False
            if not _send(upstream, chunk):
                break
        else:
            if not closed_here.is_set():
                with self._lock:
                    self.client_closes += 1
                    self._lock.notify_all()
        _close(downstream, upstream)

    def _answers(self, upstream: socket.socket, downstream: socket.socket, closed_here: threading.Event) -> None:
        seen = bytearray()
        while chunk := _receive(upstream):
            start = len(seen)
            seen += chunk
            with self._lock:
                cut_at = _end_of_delta(seen, self.cut_after_deltas) if self.cuts == 0 else None
                if cut_at is not None:
                    self.cuts += 1
            # On a cut, what follows the delta's frame is never sent: the turn is surely not over for the client.
            if not _send(downstream, chunk if cut_at is None else bytes(seen[start:cut_at])) or cut_at is not None:
                break
        closed_here.set()
        _close(downstream, upstream)


def _end_of_delta(seen: bytearray, count: int) -> int | None:
    """Where the frame of the ``count``-th text_delta ends, once it has all arrived."""
    position = -1
    for _ in range(count):
        position = seen.find(b"event: text_delta", position + 1)
        if position < 0:
            return None
    end = seen.find(b"\n\n", position)
    return None if end < 0 else end + 2


def _without_credentials(head: bytes) -> bytes:
    lines = head.split(b"\r\n")
    return b"\r\n".join(b"authorization: (hidden)" if line.lower().startswith(b"authorization:") else line for line in lines)


def _receive(connection: socket.socket) -> bytes:
    try:
        return connection.recv(65536)
    except OSError:
        return b""


def _send(connection: socket.socket, data: bytes) -> bool:
    try:
        connection.sendall(data)
        return True
    except OSError:
        return False


def _close(*connections: socket.socket) -> None:
    for connection in connections:
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        connection.close()

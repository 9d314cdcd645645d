"""The exceptions the clients raise: one base class, the server's refusals, and lost connections."""

from __future__ import annotations


class AshError(Exception):
    """Base class of every error this package raises."""


class AshApiError(AshError):
    """The server answered with an error status.

    ``status_code`` is the HTTP status (the body's ``statusCode``), ``code`` the stable machine-readable
    code the server sends (``session_not_found``, ``invalid_state``, ``rate_limited``…; ``None`` when the
    answer did not come from an Ash server), ``message`` its human-readable ``error`` text and
    ``retry_after`` the delay in seconds that ``Retry-After`` asked for (429, 503), if any.
    """

    def __init__(self, status_code: int, code: str | None, message: str, retry_after: float | None = None) -> None:
        super().__init__(f"{status_code} {code}: {message}" if code else f"{status_code}: {message}")
        self.status_code = status_code
        self.code = code
        self.message = message
        self.retry_after = retry_after


class AshConnectionError(AshError):
    """The server could not be reached, or a stream was lost and could not be re-attached."""


class AshProtocolError(AshError):
    """The server's answer was not what the API promises (not JSON, a field missing or of the wrong type)."""

"""Files attached to a session's messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class Attachment(WireModel):
    """An uploaded attachment; ``message_id`` is set once a message refers to it."""

    __schema__ = "AttachmentDto"
    id: str
    tenant_id: str
    message_id: str | None
    session_id: str
    filename: str
    mime_type: str
    size: int
    created_at: datetime

"""Model-provider credentials (the key itself is never returned)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class Credential(WireModel):
    """A stored credential; ``active`` is false once the server can no longer decrypt it."""

    __schema__ = "CredentialDto"
    id: str
    type: str
    label: str
    active: bool
    created_at: datetime
    last_used_at: datetime | None
    base_url: str | None = None

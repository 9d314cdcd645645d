"""Spending limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class Budget(WireModel):
    """A USD limit on the tenant (``target`` None), an agent (its name) or a session (its id)."""

    __schema__ = "BudgetDto"
    scope: str
    target: str | None
    limit_usd: float
    spent_usd: float
    remaining_usd: float
    created_at: datetime
    updated_at: datetime

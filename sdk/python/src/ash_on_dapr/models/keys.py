"""API keys and tenants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .._wire import WireModel


@dataclass(frozen=True)
class ApiKey(WireModel):
    """A key as listed: never the key itself, only a prefix that tells keys apart."""

    __schema__ = "ApiKeyDto"
    id: str
    label: str
    key_prefix: str
    created_at: datetime


@dataclass(frozen=True)
class CreatedApiKey(WireModel):
    """A new key: ``key`` is its plaintext, shown this once."""

    __schema__ = "CreatedApiKeyResponse"
    id: str
    key: str
    label: str
    key_prefix: str
    created_at: datetime

    def __repr__(self) -> str:
        return f"CreatedApiKey(id={self.id!r}, label={self.label!r}, key_prefix={self.key_prefix!r})"


@dataclass(frozen=True)
class Tenant(WireModel):
    """A tenant; ``disabled_at`` is set once an admin disabled it."""

    __schema__ = "TenantDto"
    id: str
    label: str
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True)
class CreatedTenant(WireModel):
    """A new tenant and its first key."""

    __schema__ = "CreatedTenantResponse"
    tenant: Tenant
    key: CreatedApiKey


@dataclass(frozen=True)
class DisabledTenant(WireModel):
    """A disabled tenant, with how many keys were revoked and sessions stopped."""

    __schema__ = "DisabledTenantResponse"
    tenant: Tenant
    revoked_keys: int
    stopped_sessions: int

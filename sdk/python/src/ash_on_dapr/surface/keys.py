"""The tenant's own API keys."""

from __future__ import annotations

from .._call import Call, model, models, nothing, route
from .._operation import operation
from .._wire import body
from ..models import ApiKey, CreatedApiKey


class KeyRoutes:
    @operation("listApiKeys")
    def list_api_keys(self) -> Call[list[ApiKey]]:
        """The tenant's keys (never the keys themselves)."""
        return Call("GET", "/api/api-keys", models(ApiKey, "keys"))

    @operation("createApiKey")
    def create_api_key(self, *, label: str | None = None) -> Call[CreatedApiKey]:
        """A new key for the tenant; its plaintext is in the answer only."""
        return Call("POST", "/api/api-keys", model(CreatedApiKey), json=body(label=label))

    @operation("revokeApiKey")
    def revoke_api_key(self, key_id: str) -> Call[None]:
        """Revokes a key: 401 from its next request, its open streams end (the tenant's last key: 409)."""
        return Call("DELETE", route("/api/api-keys/{}", key_id), nothing)

"""Model-provider credentials that sessions can use instead of the server's own key."""

from __future__ import annotations

from .._call import Call, model, models, nothing, route
from .._operation import operation
from .._wire import body
from ..models import Credential


class CredentialRoutes:
    @operation("storeCredential")
    def store_credential(self, type: str, key: str, *, label: str | None = None, base_url: str | None = None) -> Call[Credential]:
        """Stores a credential (``anthropic``, ``bedrock`` with ``key`` as its JSON, or ``custom`` with ``base_url``).
        The key is encrypted at rest and never returned."""
        return Call("POST", "/api/credentials", model(Credential, "credential"), json=body(type=type, key=key, label=label, base_url=base_url))

    @operation("listCredentials")
    def list_credentials(self) -> Call[list[Credential]]:
        """The tenant's credentials, newest first."""
        return Call("GET", "/api/credentials", models(Credential, "credentials"))

    @operation("deleteCredential")
    def delete_credential(self, credential_id: str) -> Call[None]:
        """Deletes a credential; sessions using it fail their next model request."""
        return Call("DELETE", route("/api/credentials/{}", credential_id), nothing)

"""The server: its health, and the tenants an admin manages (with a client made on the admin key)."""

from __future__ import annotations

from .._call import Call, model, models, nothing, route
from .._operation import operation
from .._wire import body
from ..models import ApiKey, CreatedApiKey, CreatedTenant, DisabledTenant, Health, Tenant

_TENANT = "/api/admin/tenants/{}"


class AdminRoutes:
    @operation("health")
    def health(self) -> Call[Health]:
        """The server's health (needs no key)."""
        return Call("GET", "/health", model(Health))

    @operation("createTenant", local=("tenant_id",), sends=("id",))
    def create_tenant(self, tenant_id: str, *, label: str | None = None, key_label: str | None = None) -> Call[CreatedTenant]:
        """Creates a tenant and its first key (admin key only; 409 ``tenant_exists``)."""
        return Call("POST", "/api/admin/tenants", model(CreatedTenant), json=body(id=tenant_id, label=label, key_label=key_label))

    @operation("listTenants")
    def list_tenants(self) -> Call[list[Tenant]]:
        """Every tenant, live and disabled, oldest first."""
        return Call("GET", "/api/admin/tenants", models(Tenant, "tenants"))

    @operation("getTenant")
    def get_tenant(self, tenant_id: str) -> Call[Tenant]:
        """One tenant."""
        return Call("GET", route(_TENANT, tenant_id), model(Tenant, "tenant"))

    @operation("disableTenant")
    def disable_tenant(self, tenant_id: str) -> Call[DisabledTenant]:
        """Disables a tenant: its keys are deleted and its sessions stopped; its data stays."""
        return Call("DELETE", route(_TENANT, tenant_id), model(DisabledTenant))

    @operation("listTenantKeys")
    def list_tenant_keys(self, tenant_id: str) -> Call[list[ApiKey]]:
        """A tenant's keys."""
        return Call("GET", route(_TENANT + "/keys", tenant_id), models(ApiKey, "keys"))

    @operation("createTenantKey")
    def create_tenant_key(self, tenant_id: str, *, label: str | None = None) -> Call[CreatedApiKey]:
        """A new key for a tenant."""
        return Call("POST", route(_TENANT + "/keys", tenant_id), model(CreatedApiKey), json=body(label=label))

    @operation("revokeTenantKey")
    def revoke_tenant_key(self, tenant_id: str, key_id: str) -> Call[None]:
        """Revokes a tenant's key (the last one too)."""
        return Call("DELETE", route(_TENANT + "/keys/{}", tenant_id, key_id), nothing)

using Ash.Core.Auth;
using Ash.Server.ApiKeys;

namespace Ash.Server.Tenants;

public sealed record TenantDto(string Id, string Label, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt)
{
    public static TenantDto From(TenantRecord tenant) => new(tenant.Id, tenant.Label, tenant.CreatedAt, tenant.DisabledAt);
}

public sealed record TenantResponse(TenantDto Tenant);

public sealed record TenantListResponse(IReadOnlyList<TenantDto> Tenants);

/// <summary><c>id</c> is the new tenant's id; <c>keyLabel</c> labels its first key.</summary>
public sealed record CreateTenantRequest(string? Id, string? Label, string? KeyLabel);

/// <summary>The new tenant and its first key, whose plaintext is shown this once.</summary>
public sealed record CreatedTenantResponse(TenantDto Tenant, CreatedApiKeyResponse Key);

/// <summary>What disabling did: the keys it deleted and the sessions it stopped.</summary>
public sealed record DisabledTenantResponse(TenantDto Tenant, int RevokedKeys, int StoppedSessions);

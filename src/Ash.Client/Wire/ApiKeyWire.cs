namespace Ash.Client.Wire;

internal sealed record ApiKeyListResponse(IReadOnlyList<ApiKey> Keys);

internal sealed record CreateApiKeyRequest(string? Label);

internal sealed record TenantResponse(Tenant Tenant);

internal sealed record TenantListResponse(IReadOnlyList<Tenant> Tenants);

internal sealed record CreateTenantRequest(string Id, string? Label, string? KeyLabel);

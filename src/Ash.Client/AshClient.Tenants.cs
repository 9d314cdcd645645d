using System.Net.Http.Json;
using Ash.Client.Wire;

namespace Ash.Client;

/// <remarks>
/// The admin API: a client made with the server's admin key (<c>ASH_ADMIN_KEY</c>) as its API key. With
/// any other key the server answers these routes with 404, as it would an unknown route.
/// </remarks>
public sealed partial class AshClient
{
    /// <summary>Creates a tenant and its first key (admin key only).</summary>
    /// <param name="id">1-64 lowercase letters, digits, '-' and '_', starting with a letter or digit.</param>
    /// <param name="label">A free-form description of the tenant.</param>
    /// <param name="keyLabel">The first key's label.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">409 (<c>tenant_exists</c>) when the id is taken, also by a disabled tenant.</exception>
    public Task<CreatedTenant> CreateTenantAsync(string id, string? label = null, string? keyLabel = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var body = JsonContent.Create(new CreateTenantRequest(id, label, keyLabel), AshJsonContext.Default.CreateTenantRequest);
        return SendAsync(HttpMethod.Post, "api/admin/tenants", body, AshJsonContext.Default.CreatedTenant, cancellationToken);
    }

    /// <summary>Lists every tenant, live and disabled (admin key only).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, "api/admin/tenants", content: null, AshJsonContext.Default.TenantListResponse, cancellationToken)).Tenants;

    /// <summary>Reads one tenant (admin key only).</summary>
    /// <param name="id">The tenant's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<Tenant> GetTenantAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return (await SendAsync(HttpMethod.Get, $"api/admin/tenants/{Escape(id)}", content: null, AshJsonContext.Default.TenantResponse, cancellationToken)).Tenant;
    }

    /// <summary>
    /// Disables a tenant (admin key only): its keys are deleted and its running sessions stopped; its data
    /// is kept and its id stays taken.
    /// </summary>
    /// <param name="id">The tenant's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<DisabledTenant> DisableTenantAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return SendAsync(HttpMethod.Delete, $"api/admin/tenants/{Escape(id)}", content: null, AshJsonContext.Default.DisabledTenant, cancellationToken);
    }

    /// <summary>Lists a tenant's keys (admin key only).</summary>
    /// <param name="tenantId">The tenant's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<ApiKey>> ListTenantKeysAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return (await SendAsync(HttpMethod.Get, $"api/admin/tenants/{Escape(tenantId)}/keys", content: null, AshJsonContext.Default.ApiKeyListResponse, cancellationToken)).Keys;
    }

    /// <summary>Makes a key for a tenant (admin key only).</summary>
    /// <param name="tenantId">The tenant's id.</param>
    /// <param name="label">What the key is for.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">409 (<c>tenant_disabled</c>) for a disabled tenant.</exception>
    public Task<CreatedApiKey> CreateTenantKeyAsync(string tenantId, string? label = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var body = JsonContent.Create(new CreateApiKeyRequest(label), AshJsonContext.Default.CreateApiKeyRequest);
        return SendAsync(HttpMethod.Post, $"api/admin/tenants/{Escape(tenantId)}/keys", body, AshJsonContext.Default.CreatedApiKey, cancellationToken);
    }

    /// <summary>Revokes a tenant's key, even its last one (admin key only).</summary>
    /// <param name="tenantId">The tenant's id.</param>
    /// <param name="keyId">The key's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task RevokeTenantKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        return SendAsync(HttpMethod.Delete, $"api/admin/tenants/{Escape(tenantId)}/keys/{Escape(keyId)}", content: null, cancellationToken);
    }
}

namespace Ash.Core.Auth;

/// <summary>Tenants, for the admin API. Keys live in <see cref="IApiKeyStore"/>; both share one database.</summary>
public interface ITenantStore
{
    /// <summary>Creates the tenant and its first key in one transaction.</summary>
    Task<TenantCreation> CreateAsync(TenantRecord tenant, ApiKeyRecord firstKey, string keyHash, CancellationToken cancellationToken);

    Task<TenantRecord?> GetAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Every tenant, live and disabled, oldest first.</summary>
    Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks the tenant disabled and deletes all its keys in one transaction; returns the ids of the
    /// deleted keys, or null when there is no such tenant. Disabling a disabled tenant deletes nothing.
    /// </summary>
    Task<IReadOnlyList<Guid>?> DisableAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken);
}

namespace Ash.Core.Auth;

public interface IApiKeyStore
{
    /// <summary>The tenant owning the key with this hash, or null (also when that tenant is disabled).</summary>
    Task<string?> FindTenantAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>The key with this hash and its tenant, or null when there is none or its tenant is disabled.</summary>
    Task<ApiKeyOwner?> FindAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a key with a new id for a configured or test key (the tenant row is made when missing); a hash
    /// already stored keeps its first owner.
    /// </summary>
    Task AddAsync(string tenantId, string keyHash, string label, CancellationToken cancellationToken);

    /// <summary>Stores a new key; false when its tenant is missing or disabled (nothing stored).</summary>
    Task<bool> CreateAsync(ApiKeyRecord key, string keyHash, CancellationToken cancellationToken);

    /// <summary>The tenant's keys, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the tenant's key with this id. With <paramref name="keepLastKey"/> the tenant's only key is
    /// refused (<see cref="KeyRevocation.LastKey"/>); the check and the delete are one transaction.
    /// </summary>
    Task<KeyRevocation> RevokeAsync(string tenantId, Guid keyId, bool keepLastKey, CancellationToken cancellationToken);

    /// <summary>Which of these key ids still authenticate (the key exists and its tenant is not disabled).</summary>
    Task<IReadOnlySet<Guid>> LiveAsync(IReadOnlyCollection<Guid> keyIds, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);
}

namespace Ash.Core.Auth;

public interface IApiKeyStore
{
    /// <summary>The tenant owning the key with this hash, or null.</summary>
    Task<string?> FindTenantAsync(string keyHash, CancellationToken cancellationToken);

    Task AddAsync(string tenantId, string keyHash, string label, CancellationToken cancellationToken);

    Task<int> CountAsync(CancellationToken cancellationToken);
}

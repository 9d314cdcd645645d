namespace Ash.Core.Credentials;

public interface ICredentialStore
{
    Task AddAsync(Credential credential, CancellationToken cancellationToken);

    /// <summary>The tenant's credentials, newest first.</summary>
    Task<IReadOnlyList<Credential>> ListAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The credential, or null when it does not exist or belongs to another tenant.</summary>
    Task<Credential?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    /// <summary>False when there was no such credential for this tenant.</summary>
    Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    Task MarkUsedAsync(string tenantId, Guid id, DateTimeOffset at, CancellationToken cancellationToken);
}

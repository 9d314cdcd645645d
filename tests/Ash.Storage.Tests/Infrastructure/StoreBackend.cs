namespace Ash.Storage.Tests.Infrastructure;

/// <summary>A database engine the conformance tests run against.</summary>
public abstract class StoreBackend
{
    /// <summary>Opens every store over a new, empty database of this engine.</summary>
    public abstract Task<StoreSet> OpenAsync(CancellationToken cancellationToken);
}

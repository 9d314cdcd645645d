using System.Collections.Concurrent;
using Ash.Core.Auth;

namespace Ash.Server.Auth;

/// <summary>
/// Finds the owner of a presented key. When this process is the only API server (embedded mode) known
/// keys are cached, so a request costs one SHA-256 and a dictionary lookup; every revocation goes through
/// <see cref="KeyRevocations"/>, which empties the cache before it answers, so a revoked key fails on its
/// next request. With several API replicas (Dapr mode) another replica's revocation could not empty this
/// cache, so there is none: every request reads the key's row (issue 13).
/// </summary>
public sealed class ApiKeyLookup(IApiKeyStore keys, bool cache)
{
    private readonly ConcurrentDictionary<string, ApiKeyOwner> _owners = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;

    public async ValueTask<ApiKeyOwner?> FindAsync(string presentedKey, CancellationToken cancellationToken)
    {
        var hash = ApiKeyHash.Hash(presentedKey);
        if (!cache)
        {
            return await keys.FindAsync(hash, cancellationToken);
        }

        if (_owners.TryGetValue(hash, out var known))
        {
            return known;
        }

        // A revocation that lands while the row is read must not be undone by caching what was read before it.
        var generation = Volatile.Read(ref _generation);
        var owner = await keys.FindAsync(hash, cancellationToken);
        if (owner is not null)
        {
            lock (_gate)
            {
                if (generation == _generation)
                {
                    _owners[hash] = owner;
                }
            }
        }

        return owner;
    }

    /// <summary>Forgets every cached key; the next request with any key reads the store.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _generation++;
            _owners.Clear();
        }
    }
}

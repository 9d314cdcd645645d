namespace Ash.Testing.DaprSidecar.State;

/// <summary>
/// An in-memory store with the two features Dapr requires of an actor store: ETags and transactions.
/// ETags are a per-store counter, so they are opaque strings that change on every write.
/// </summary>
internal sealed class StateStore(StateStoreDefinition definition)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, StoredValue> entries = new(StringComparer.Ordinal);
    private long lastETag;

    public StateStoreDefinition Definition => definition;

    public string Name => definition.Name;

    public StoredValue? Get(string key)
    {
        lock (gate)
        {
            return entries.GetValueOrDefault(key);
        }
    }

    /// <summary>Applies every operation or none; returns the key whose ETag check failed, if one did.</summary>
    public string? Apply(IReadOnlyList<StateOperation> operations)
    {
        lock (gate)
        {
            var pending = new Dictionary<string, StoredValue?>(StringComparer.Ordinal);
            foreach (var operation in operations)
            {
                var current = pending.TryGetValue(operation.Key, out var written) ? written : entries.GetValueOrDefault(operation.Key);
                var conflict = operation.ETag is not null
                    ? current is null || !string.Equals(current.ETag, operation.ETag, StringComparison.Ordinal)
                    : operation.FirstWrite && !operation.IsDelete && current is not null;
                if (conflict)
                {
                    return operation.Key;
                }

                pending[operation.Key] = operation.Json is { } json ? new StoredValue(json, (++lastETag).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
            }

            foreach (var (key, value) in pending)
            {
                if (value is null)
                {
                    entries.Remove(key);
                }
                else
                {
                    entries[key] = value;
                }
            }

            return null;
        }
    }
}

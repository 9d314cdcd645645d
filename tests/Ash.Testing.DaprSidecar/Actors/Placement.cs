namespace Ash.Testing.DaprSidecar.Actors;

/// <summary>
/// The placement table: which sidecars host which actor types, and where each actor id lives. An id is
/// placed by rendezvous hashing over the hosts of its type, so it stays put while other hosts come and go
/// (like Dapr's consistent hashing, though not the same hash).
/// </summary>
internal sealed class Placement
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Sidecar>> hostsByType = new(StringComparer.Ordinal);

    public void Register(Sidecar host, IEnumerable<string> actorTypes)
    {
        lock (gate)
        {
            foreach (var type in actorTypes)
            {
                if (!hostsByType.TryGetValue(type, out var hosts))
                {
                    hosts = [];
                    hostsByType[type] = hosts;
                }

                if (!hosts.Contains(host))
                {
                    hosts.Add(host);
                }
            }
        }
    }

    public void Remove(Sidecar host)
    {
        lock (gate)
        {
            foreach (var hosts in hostsByType.Values)
            {
                hosts.Remove(host);
            }
        }
    }

    public bool Hosts(Sidecar host, string actorType)
    {
        lock (gate)
        {
            return hostsByType.TryGetValue(actorType, out var hosts) && hosts.Contains(host);
        }
    }

    public IReadOnlyList<string> TypesHostedBy(Sidecar host)
    {
        lock (gate)
        {
            return [.. hostsByType.Where(entry => entry.Value.Contains(host)).Select(entry => entry.Key)];
        }
    }

    public Sidecar? Lookup(ActorKey actor)
    {
        lock (gate)
        {
            if (!hostsByType.TryGetValue(actor.Type, out var hosts) || hosts.Count == 0)
            {
                return null;
            }

            var chosen = Choose(hosts.Select(host => host.Name), actor);
            return hosts.First(host => host.Name == chosen);
        }
    }

    /// <summary>The host name the placement picks for the actor among these hosts: the highest weight, ties to the smallest name.</summary>
    public static string Choose(IEnumerable<string> hostNames, ActorKey actor)
    {
        string? best = null;
        ulong bestWeight = 0;
        foreach (var name in hostNames)
        {
            var weight = Weight(name, actor);
            if (best is null || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(name, best) < 0))
            {
                best = name;
                bestWeight = weight;
            }
        }

        return best ?? throw new ArgumentException("no host to choose from", nameof(hostNames));
    }

    // FNV-1a (stable across processes, unlike string.GetHashCode) with MurmurHash3's finaliser, so ids that
    // differ only in their last characters still spread over the high bits the comparison looks at.
    private static ulong Weight(string hostName, ActorKey actor)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in (ReadOnlySpan<string>)[hostName, actor.Type, actor.Id])
        {
            foreach (var c in part)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            hash = (hash ^ '|') * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}

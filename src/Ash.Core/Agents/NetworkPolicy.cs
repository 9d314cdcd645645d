namespace Ash.Core.Agents;

/// <summary>What an agent's sandbox may reach besides the model proxy.</summary>
public enum NetworkMode
{
    /// <summary>Nothing: loopback only (the default).</summary>
    None,

    /// <summary>Hosts on the agent's allowlist, through the host-side egress proxy.</summary>
    Allowlist,

    /// <summary>The host's network; only where the server allows it explicitly.</summary>
    Full,
}

/// <summary>The network part of <c>ash.json</c>: a mode and, for <see cref="NetworkMode.Allowlist"/>, the hosts.</summary>
public sealed record NetworkPolicy(NetworkMode Mode, IReadOnlyList<string> Allow)
{
    public static readonly NetworkPolicy None = new(NetworkMode.None, []);

    public string Wire => Mode switch
    {
        NetworkMode.Allowlist => "allowlist",
        NetworkMode.Full => "full",
        _ => "none",
    };

    public bool Equals(NetworkPolicy? other) => other is not null && Mode == other.Mode && Allow.SequenceEqual(other.Allow, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Mode, Allow.Count);
}

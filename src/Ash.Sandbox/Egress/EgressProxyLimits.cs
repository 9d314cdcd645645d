namespace Ash.Sandbox.Egress;

/// <summary>Bounds on one sandbox's egress proxy, so an agent cannot exhaust the host through it.</summary>
public sealed record EgressProxyLimits
{
    /// <summary>Request line plus headers; a longer head gets 431.</summary>
    public int MaxHeadBytes { get; init; } = 16 * 1024;

    /// <summary>Time to send the whole head after connecting.</summary>
    public TimeSpan HeadTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time for name resolution plus the TCP connect to the destination.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A tunnel with no bytes in either direction for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Open tunnels and forwarded requests at once; the next one gets 503.</summary>
    public int MaxTunnels { get; init; } = 32;

    /// <summary>Open client connections at once, tunnels and heads still arriving alike; beyond it a connection is closed unanswered.</summary>
    public int MaxConnections { get; init; } = 64;
}

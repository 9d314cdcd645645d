namespace Ash.Dapr.App;

/// <summary>What this app tells daprd about its actors in <c>GET /dapr/config</c> (dapr-http-api.md §1.2).</summary>
public sealed record DaprActorOptions
{
    /// <summary>
    /// daprd deactivates an actor after this long without a call (Dapr's default is 60 minutes). A session's
    /// actor hands its session off when deactivated, and a turn makes no call while it runs, so this is far
    /// longer than any turn; idle actors leave memory on their own schedule (ActorIdleSweep) anyway.
    /// </summary>
    public TimeSpan ActorIdleTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a rebalance waits for a call in flight before moving its actor.</summary>
    public TimeSpan DrainOngoingCallTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

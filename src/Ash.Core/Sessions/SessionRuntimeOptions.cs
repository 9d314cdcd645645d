namespace Ash.Core.Sessions;

/// <summary>Server-wide session lifecycle settings (configuration section <c>Ash:Sessions</c>).</summary>
public sealed class SessionRuntimeOptions
{
    /// <summary>A session's process is stopped after this long without a turn (scale to zero); its files stay.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>At most this many agent processes run at once; the least recently used idle one makes room.</summary>
    public int MaxLiveSandboxes { get; set; } = 64;

    /// <summary>Most pre-started sandboxes kept across all agents (each agent asks for its own count in ash.json); 0 turns warm pools off.</summary>
    public int MaxWarmSandboxes { get; set; } = 8;

    /// <summary>How long an ended session's files are kept before they are removed.</summary>
    public TimeSpan FileRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An actor with no process and no work is dropped from memory after this long.</summary>
    public TimeSpan ActorIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The Retry-After given with a 503 when every live sandbox is busy.</summary>
    public TimeSpan CapacityRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Set by the server, not by configuration: session actors can move between processes (Dapr placement),
    /// so work a session's previous host left unfinished (a turn it never closed, a lifecycle operation
    /// cut short) is recovered by the session's actor when it is activated, never by a process at start-up
    /// for every session, which would close turns that other replicas are running.
    /// </summary>
    public bool ActorsMoveBetweenHosts { get; set; }

    /// <summary>Every problem with these settings at once, each naming its configuration key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (IdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Ash:Sessions:IdleTimeout must be positive (got {IdleTimeout})");
        }

        if (MaxLiveSandboxes < 1)
        {
            problems.Add($"Ash:Sessions:MaxLiveSandboxes must be at least 1 (got {MaxLiveSandboxes})");
        }

        if (MaxWarmSandboxes < 0)
        {
            problems.Add($"Ash:Sessions:MaxWarmSandboxes must be 0 (no warm pool) or more (got {MaxWarmSandboxes})");
        }

        if (FileRetention < TimeSpan.Zero)
        {
            problems.Add($"Ash:Sessions:FileRetention must not be negative (got {FileRetention})");
        }

        if (ActorIdleTimeout < TimeSpan.Zero)
        {
            problems.Add($"Ash:Sessions:ActorIdleTimeout must not be negative (got {ActorIdleTimeout})");
        }

        if (CapacityRetryAfter <= TimeSpan.Zero)
        {
            problems.Add($"Ash:Sessions:CapacityRetryAfter must be positive (got {CapacityRetryAfter})");
        }

        return problems;
    }
}

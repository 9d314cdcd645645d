namespace Ash.Core.Sessions;

/// <summary>Server-wide session lifecycle settings (configuration section <c>Ash:Sessions</c>).</summary>
public sealed class SessionRuntimeOptions
{
    /// <summary>The largest <see cref="SandboxMemoryMb"/> (64 GiB).</summary>
    public const long MaxSandboxMemoryMb = 64 * 1024;

    /// <summary>A session's process is stopped after this long without a turn (scale to zero); its files stay.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// At most this many agent processes run at once; the least recently used idle one makes room. Unset, it is sized
    /// at start-up from what the machine holds (<see cref="Capacity.LiveSandboxBudget"/>).
    /// </summary>
    public int? MaxLiveSandboxes { get; set; }

    /// <summary>
    /// Memory one idle live sandbox holds, for sizing <see cref="MaxLiveSandboxes"/> when it is unset: Claude Code
    /// idle measured about 100 MiB with its sandbox (issue 14); the stub runtime of the tests about 5 MiB.
    /// </summary>
    public long SandboxMemoryMb { get; set; } = 128;

    /// <summary>Most pre-started sandboxes kept across all agents (each agent asks for its own count in ash.json); 0 turns warm pools off.</summary>
    public int MaxWarmSandboxes { get; set; } = 8;

    /// <summary>How long an ended session's files are kept before they are removed.</summary>
    public TimeSpan FileRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An actor with no process and no work is dropped from memory after this long.</summary>
    public TimeSpan ActorIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The Retry-After given with a 503 when every live sandbox is busy.</summary>
    public TimeSpan CapacityRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A turn still running after this long is stopped with <c>turn_timeout</c> (an agent's ash.json may set its own).</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A turn whose agent writes nothing for this long is stopped with <c>turn_timeout</c>. Long enough for the
    /// longest tool call the runtime allows (its Bash tool stops at 10 minutes).
    /// </summary>
    public TimeSpan TurnSilenceTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Bytes of output one turn may write before it is cut (<c>truncated</c>, then <c>output_limit</c>).</summary>
    public long TurnMaxOutputBytes { get; set; } = 32 * Sandboxes.ResourceLimits.MiB;

    /// <summary>Events one turn may produce before it is cut; a long agentic turn streams tens of thousands of deltas.</summary>
    public int TurnMaxOutputEvents { get; set; } = 100_000;

    /// <summary>Agent output a session may accumulate in its event log; then its messages are refused (507 <c>event_log_full</c>).</summary>
    public long MaxEventLogBytes { get; set; } = 1024 * Sandboxes.ResourceLimits.MiB;

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
            problems.Add($"Ash:Sessions:MaxLiveSandboxes must be at least 1, or unset to size it from this machine (got {MaxLiveSandboxes})");
        }

        if (SandboxMemoryMb is < 1 or > MaxSandboxMemoryMb)
        {
            problems.Add($"Ash:Sessions:SandboxMemoryMb must be from 1 to {MaxSandboxMemoryMb} (got {SandboxMemoryMb})");
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

        if (!Agents.TurnRanges.IsSeconds(TurnTimeout))
        {
            problems.Add($"Ash:Sessions:TurnTimeout must be from 1 second to 24 hours (got {TurnTimeout})");
        }

        if (!Agents.TurnRanges.IsSeconds(TurnSilenceTimeout))
        {
            problems.Add($"Ash:Sessions:TurnSilenceTimeout must be from 1 second to 24 hours (got {TurnSilenceTimeout})");
        }

        if (TurnMaxOutputBytes < Agents.TurnRanges.MinOutputMb * Sandboxes.ResourceLimits.MiB || TurnMaxOutputBytes > Agents.TurnRanges.MaxOutputMb * Sandboxes.ResourceLimits.MiB)
        {
            problems.Add($"Ash:Sessions:TurnMaxOutputBytes must be from 1 MiB to 1 GiB (got {TurnMaxOutputBytes})");
        }

        if (TurnMaxOutputEvents < Agents.TurnRanges.MinOutputEvents || TurnMaxOutputEvents > Agents.TurnRanges.MaxOutputEvents)
        {
            problems.Add($"Ash:Sessions:TurnMaxOutputEvents must be from {Agents.TurnRanges.MinOutputEvents} to {Agents.TurnRanges.MaxOutputEvents} (got {TurnMaxOutputEvents})");
        }

        if (MaxEventLogBytes < TurnMaxOutputBytes)
        {
            problems.Add($"Ash:Sessions:MaxEventLogBytes must be at least one turn's output, Ash:Sessions:TurnMaxOutputBytes (got {MaxEventLogBytes})");
        }

        return problems;
    }
}

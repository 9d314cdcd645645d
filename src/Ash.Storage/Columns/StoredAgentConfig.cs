using Ash.Core.Agents;
using Ash.Core.Sandboxes;

namespace Ash.Storage.Columns;

/// <summary>
/// The JSON shape of an agent version's <c>config</c> column (issue 16): its <c>ash.json</c> as the deploy parsed it, in
/// exact units (bytes, milliseconds), the same in SQLite and PostgreSQL. Parts left at their defaults are left out.
/// </summary>
internal sealed record StoredAgentConfig(StoredLimits? Limits, StoredNetwork? Network, int? WarmPool, StoredTurns? Turns)
{
    public static StoredAgentConfig From(AgentConfig config) => new(
        config.Limits == ResourceLimits.None ? null : new StoredLimits(config.Limits.MemoryBytes, config.Limits.MaxProcesses, config.Limits.Cpus, config.Limits.DiskBytes, config.Limits.MaxFiles),
        config.Network.Mode == NetworkMode.None ? null : new StoredNetwork(config.Network.Wire, [.. config.Network.Allow]),
        config.WarmPool == 0 ? null : config.WarmPool,
        config.Turns == AgentTurnLimits.None ? null : new StoredTurns(
            Milliseconds(config.Turns.Timeout), Milliseconds(config.Turns.SilenceTimeout), config.Turns.MaxOutputBytes, config.Turns.MaxOutputEvents));

    public AgentConfig ToConfig() => new(
        Limits is null ? ResourceLimits.None : new ResourceLimits(Limits.MemoryBytes, Limits.MaxProcesses, Limits.Cpus, Limits.DiskBytes, Limits.MaxFiles),
        Network is null ? NetworkPolicy.None : new NetworkPolicy(Mode(Network.Mode), Network.Allow ?? []),
        WarmPool ?? 0)
    {
        Turns = Turns is null
            ? AgentTurnLimits.None
            : new AgentTurnLimits(Duration(Turns.TimeoutMs), Duration(Turns.SilenceTimeoutMs), Turns.MaxOutputBytes, Turns.MaxOutputEvents),
    };

    private static long? Milliseconds(TimeSpan? value) => value is { } duration ? (long)duration.TotalMilliseconds : null;

    private static TimeSpan? Duration(long? milliseconds) => milliseconds is { } value ? TimeSpan.FromMilliseconds(value) : null;

    /// <summary>The mode as <see cref="NetworkPolicy.Wire"/> wrote it; anything else is the closed default.</summary>
    private static NetworkMode Mode(string? wire) => wire switch
    {
        "allowlist" => NetworkMode.Allowlist,
        "full" => NetworkMode.Full,
        _ => NetworkMode.None,
    };
}

internal sealed record StoredLimits(long? MemoryBytes, int? MaxProcesses, double? Cpus, long? DiskBytes, long? MaxFiles);

internal sealed record StoredNetwork(string Mode, List<string>? Allow);

internal sealed record StoredTurns(long? TimeoutMs, long? SilenceTimeoutMs, long? MaxOutputBytes, int? MaxOutputEvents);

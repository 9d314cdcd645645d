using Ash.Core.Sandboxes;

namespace Ash.Core.Agents;

/// <summary>
/// An agent's platform settings, read from the optional <c>ash.json</c> next to its CLAUDE.md:
/// resource limits (gaps filled with the server's defaults), network policy, warm-pool size, turn limits.
/// </summary>
public sealed record AgentConfig(ResourceLimits Limits, NetworkPolicy Network, int WarmPool)
{
    /// <summary>Limits on each turn (wall clock, silence, output); unset values are the server's defaults.</summary>
    public AgentTurnLimits Turns { get; init; } = AgentTurnLimits.None;

    public const string FileName = "ash.json";

    public const int MaxWarmPool = 16;

    public static readonly AgentConfig Default = new(ResourceLimits.None, NetworkPolicy.None, 0);
}

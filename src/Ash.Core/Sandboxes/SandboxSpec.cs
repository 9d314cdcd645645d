using Ash.Core.Agents;
using Ash.Core.Sessions;

namespace Ash.Core.Sandboxes;

/// <summary>Everything a sandbox host needs to run one session's agent process.</summary>
public sealed record SandboxSpec(
    Guid SessionId,
    string TenantId,
    string AgentName,
    string AgentPath,
    IReadOnlyDictionary<string, string> AgentEnv,
    SessionOptions Options)
{
    /// <summary>The agent's <c>ash.json</c> settings (limits, network, warm pool).</summary>
    public AgentConfig Config { get; init; } = AgentConfig.Default;
}

using Ash.Core.Errors;

namespace Ash.Core.Agents;

/// <summary>
/// The config a session of an agent version runs with: the <c>ash.json</c> its deploy parsed and stored with the version
/// (issue 16), so a session never reads it from disk. A version stored before configs were has none; its folder is read
/// instead, as every process start did before (and the start-up pass stores what it finds: <see cref="IAgentStore.FillMissingConfigAsync"/>).
/// </summary>
public static class AgentVersionConfig
{
    public static Result<AgentConfig> Of(Agent agent) => agent.Config ?? AgentConfigFile.Load(agent.Path);

    /// <summary>
    /// The config of the folder of a version stored without one, for the start-up pass: null when the folder is not on this
    /// server (nothing to store: it may be mounted later) or its <c>ash.json</c> is invalid (a process start reports that).
    /// </summary>
    public static AgentConfig? FromFolder(string agentPath) =>
        Directory.Exists(agentPath) && AgentConfigFile.Load(agentPath) is { IsSuccess: true } config ? config.Value : null;
}

using Ash.Core.Agents;

namespace Ash.Server.Agents;

/// <summary>
/// At start-up, stores the config of agent versions an earlier version of the server stored without one (issue 16), parsed
/// once from their folders, so their sessions no longer read <c>ash.json</c> at every process start. A version whose folder
/// is not here, or whose <c>ash.json</c> is invalid, keeps none and is read as before (<see cref="AgentVersionConfig"/>).
/// </summary>
internal sealed partial class AgentConfigBackfill(IAgentStore agents, ILogger<AgentConfigBackfill> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var filled = await agents.FillMissingConfigAsync(AgentVersionConfig.FromFolder, cancellationToken);
        if (filled > 0)
        {
            Filled(logger, filled);
        }
    }

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Stored the parsed ash.json of {Count} agent version(s) stored by an earlier version")]
    private static partial void Filled(ILogger logger, int count);
}

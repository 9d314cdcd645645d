using Ash.Core.Agents;
using Ash.Core.Secrets;

namespace Ash.Server.Agents;

/// <summary>
/// At start-up, before anything reads agents, brings the rows an earlier version of the server stored up to date: env
/// values stored in plaintext are sealed (issue 13), so no agent's env is readable from the database alone; versions
/// stored without a parsed config get their folder's <c>ash.json</c> parsed once and stored (issue 16), so their
/// sessions no longer read it at every process start (one whose folder is not here or is invalid keeps none and is
/// read as before: <see cref="AgentVersionConfig"/>).
/// </summary>
internal sealed partial class AgentStartupUpgrades(IAgentStore agents, ISecretProtector protector, ILogger<AgentStartupUpgrades> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var sealedCount = await agents.SealPlaintextEnvAsync(protector.Seal, cancellationToken);
        if (sealedCount > 0)
        {
            Sealed(logger, sealedCount);
        }

        var filled = await agents.FillMissingConfigAsync(AgentVersionConfig.FromFolder, cancellationToken);
        if (filled > 0)
        {
            ConfigsStored(logger, filled);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Sealed the plaintext env of {Count} agent(s) stored by an earlier version")]
    private static partial void Sealed(ILogger logger, int count);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Stored the parsed ash.json of {Count} agent version(s) stored by an earlier version")]
    private static partial void ConfigsStored(ILogger logger, int count);
}

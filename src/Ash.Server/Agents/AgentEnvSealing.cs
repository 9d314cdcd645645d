using Ash.Core.Agents;
using Ash.Core.Secrets;

namespace Ash.Server.Agents;

/// <summary>
/// At start-up, seals the env values of agents a version before issue 13 stored in plaintext, so that after
/// the first start on this version no agent's env is readable from the database alone.
/// </summary>
internal sealed partial class AgentEnvSealing(IAgentStore agents, ISecretProtector protector, ILogger<AgentEnvSealing> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var sealedCount = await agents.SealPlaintextEnvAsync(protector.Seal, cancellationToken);
        if (sealedCount > 0)
        {
            Sealed(logger, sealedCount);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Sealed the plaintext env of {Count} agent(s) stored by an earlier version")]
    private static partial void Sealed(ILogger logger, int count);
}

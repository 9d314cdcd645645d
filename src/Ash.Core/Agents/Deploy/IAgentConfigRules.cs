using Ash.Core.Errors;

namespace Ash.Core.Agents.Deploy;

/// <summary>
/// What this server allows of an agent's <c>ash.json</c> beyond its syntax (a network mode, the hosts of an allowlist):
/// checked at deploy, so a config the sandboxes would refuse is a 400 then rather than a failing sandbox later.
/// </summary>
public interface IAgentConfigRules
{
    /// <summary>Null when <paramref name="config"/> may run here; else why not.</summary>
    AshError? Check(AgentConfig config);
}

using Ash.Core.Agents;
using Ash.Core.Agents.Deploy;
using Ash.Core.Errors;

namespace Ash.Sandbox.Egress;

/// <summary>
/// The network an agent's <c>ash.json</c> may ask for on this server, checked at deploy (in the staged copy, before it
/// is kept), so a network mode the server does not allow or an allowlist the egress proxy cannot parse is a 400 then
/// rather than a failing sandbox later (<see cref="LocalSandboxHost"/> checks both again as it starts one).
/// </summary>
public sealed class AgentNetworkRules(SandboxOptions options) : IAgentConfigRules
{
    public AshError? Check(AgentConfig config)
    {
        if (config.Network.Mode == NetworkMode.Full && !options.AllowFullNetwork)
        {
            return AshError.Validation(
                "ash.json asks for full network access, which this server does not allow (an operator can enable it with Ash:Sandbox:AllowFullNetwork); use \"mode\": \"allowlist\" with the hosts the agent needs",
                "network_not_allowed");
        }

        var problems = config.Network.Mode == NetworkMode.Allowlist ? EgressPolicy.Validate(config.Network.Allow) : [];
        return problems.Count > 0
            ? AshError.Validation("ash.json 'network.allow' is invalid: " + string.Join("; ", problems), "invalid_agent_config")
            : null;
    }
}

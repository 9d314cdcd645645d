using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Sandbox;
using Ash.Sandbox.Egress;

namespace Ash.Server.Agents;

/// <summary>
/// Validates an agent's <c>ash.json</c> at deploy time, in the staged copy before it is kept, so a bad limit
/// or a network mode the server does not allow is a 400 now rather than a failing sandbox later.
/// </summary>
internal static class AgentConfigCheck
{
    public static AshError? OfFolder(string path, SandboxOptions options)
    {
        var config = AgentConfigFile.Load(path);
        return config.IsSuccess ? Allowed(config.Value, options) : config.Error;
    }

    private static AshError? Allowed(AgentConfig config, SandboxOptions options)
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

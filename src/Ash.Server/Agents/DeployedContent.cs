using Ash.Core.Agents;

namespace Ash.Server.Agents;

/// <summary>An agent's content as a deploy kept it: its folder under the agents directory and the <c>ash.json</c> read there.</summary>
internal sealed record DeployedContent(string Path, AgentConfig Config);

namespace Ash.Core.Agents.Deploy;

/// <summary>
/// An agent's content as a deploy kept it: its folder under the agents directory and its <c>ash.json</c>, parsed once, in
/// the staged copy before it was kept (issue 16); the version made from it stores both.
/// </summary>
public sealed record DeployedContent(string Path, AgentConfig Config);

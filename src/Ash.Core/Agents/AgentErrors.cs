using Ash.Core.Errors;

namespace Ash.Core.Agents;

/// <summary>The agent use cases' expected failures, worded once.</summary>
public static class AgentErrors
{
    public static AshError AgentNotFound() => AshError.NotFound("Agent not found", "agent_not_found");

    public static AshError VersionNotFound() => AshError.NotFound("Version not found", "version_not_found");
}

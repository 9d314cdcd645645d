using Ash.Core.Errors;

namespace Ash.Server.Agents;

/// <summary>The agent routes' expected failures, worded once.</summary>
internal static class AgentErrors
{
    public static AshError AgentNotFound() => AshError.NotFound("Agent not found", "agent_not_found");

    public static AshError VersionNotFound() => AshError.NotFound("Version not found", "version_not_found");
}

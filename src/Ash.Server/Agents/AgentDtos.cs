using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Core.Agents;

namespace Ash.Server.Agents;

/// <param name="Slug">Sent by Ash's TypeScript SDK (<c>createAgent</c>); accepted so its requests are not refused, not applied.</param>
/// <param name="Description">As <paramref name="Slug"/>: accepted, not applied.</param>
/// <param name="Backend">As <paramref name="Slug"/>: accepted, not applied.</param>
/// <param name="SystemPrompt">As <paramref name="Slug"/>: accepted, not applied (the agent's prompt is its CLAUDE.md).</param>
/// <param name="Config">As <paramref name="Slug"/>: accepted, not applied (the agent's settings are its ash.json).</param>
public sealed record DeployAgentRequest(
    string? Name,
    string? Path,
    List<AgentFileUpload>? Files,
    Dictionary<string, string>? Env,
    string? Model,
    string? Slug = null,
    string? Description = null,
    string? Backend = null,
    string? SystemPrompt = null,
    JsonElement? Config = null);

public sealed record AgentFileUpload(string? Path, string? Content);

public sealed record AgentDto(
    string Id,
    string Name,
    string TenantId,
    int Version,
    string Path,
    Dictionary<string, string> Env,
    string? Model,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Env values are redacted on every read (API.md).</summary>
    public static AgentDto From(Agent agent) => new(
        agent.Id,
        agent.Name,
        agent.TenantId,
        agent.Version,
        agent.Path,
        agent.Env.ToDictionary(pair => pair.Key, _ => "***", StringComparer.Ordinal),
        agent.Model,
        agent.CreatedAt,
        agent.UpdatedAt);
}

public sealed record AgentResponse(AgentDto Agent);

public sealed record AgentListResponse(List<AgentDto> Agents);

public sealed record DeletedResponse(bool Ok);

/// <summary>PATCH an agent (Ash): <c>env</c> replaces the env (<c>{}</c> clears it), <c>config</c> is shallow-merged into its <c>ash.json</c>.</summary>
public sealed record PatchAgentRequest(Dictionary<string, string>? Env, JsonObject? Config);

public sealed record AgentConfigResponse(JsonObject Config);

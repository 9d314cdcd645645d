using System.Text.Json;

namespace Ash.Client;

/// <summary>A deployed agent: a folder with a <c>CLAUDE.md</c> that sessions run.</summary>
/// <param name="Id">Server-assigned identifier.</param>
/// <param name="Name">Unique name within the tenant, used in routes and when creating sessions.</param>
/// <param name="TenantId">Tenant that owns the agent.</param>
/// <param name="Version">The active version's number: starts at 1; a redeploy or change that alters the files, env or model adds one.</param>
/// <param name="Path">Folder on the server that holds the agent's files.</param>
/// <param name="Env">Environment passed to the agent; the server redacts values as <c>***</c>.</param>
/// <param name="CreatedAt">When the agent was first deployed.</param>
/// <param name="UpdatedAt">When the agent was last redeployed.</param>
/// <param name="Model">Default model for the agent's sessions, when configured.</param>
/// <param name="Config">Agent configuration as the server reports it, when present.</param>
public sealed record Agent(
    string Id,
    string Name,
    string TenantId,
    int Version,
    string Path,
    IReadOnlyDictionary<string, string>? Env,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Model = null,
    JsonElement? Config = null);

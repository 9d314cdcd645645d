using System.Text.Json;

namespace Ash.Client;

/// <summary>A conversation with an agent, running in its own sandbox.</summary>
/// <param name="Id">Session id (a UUID).</param>
/// <param name="TenantId">Tenant that owns the session.</param>
/// <param name="AgentName">Name of the agent the session runs.</param>
/// <param name="SandboxId">Sandbox the session runs in, once one is assigned.</param>
/// <param name="Status">Current lifecycle state.</param>
/// <param name="RunnerId">Runner hosting the sandbox, or <see langword="null"/> when local to the server.</param>
/// <param name="ParentSessionId">Session this one was forked from, if any.</param>
/// <param name="CreatedAt">When the session was created.</param>
/// <param name="LastActiveAt">When the session last received or produced a message.</param>
/// <param name="Model">Model override for the session, if any.</param>
/// <param name="Config">Session configuration as the server reports it, when present.</param>
/// <param name="Usage">Accumulated token and cost usage, when the server reports it.</param>
public sealed record Session(
    string Id,
    string TenantId,
    string AgentName,
    string? SandboxId,
    SessionStatus Status,
    string? RunnerId,
    string? ParentSessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActiveAt,
    string? Model = null,
    JsonElement? Config = null,
    JsonElement? Usage = null);

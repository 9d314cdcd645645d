using System.Text.Json;
using Ash.Core.Sessions;

namespace Ash.Server.Sessions;

public sealed record CreateSessionRequest(
    string? Agent,
    string? Model,
    string? SystemPrompt,
    JsonElement? McpServers,
    string? PermissionMode,
    List<string>? AllowedTools,
    List<string>? DisallowedTools,
    Dictionary<string, string>? ExtraEnv,
    string? CredentialId = null);

public sealed record SessionDto(
    Guid Id,
    string TenantId,
    string AgentName,
    string SandboxId,
    string Status,
    string? RunnerId,
    Guid? ParentSessionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActiveAt,
    string? Model)
{
    public static SessionDto From(Session session) => new(
        session.Id,
        session.TenantId,
        session.AgentName,
        session.SandboxId,
        session.Status.ToWire(),
        session.RunnerId,
        session.ParentSessionId,
        session.CreatedAt,
        session.LastActiveAt,
        session.Options.Model);
}

public sealed record SessionResponse(SessionDto Session);

public sealed record SessionListResponse(List<SessionDto> Sessions, string? NextCursor);

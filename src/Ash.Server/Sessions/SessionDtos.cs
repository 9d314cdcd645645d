using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Core.Sessions;

namespace Ash.Server.Sessions;

/// <param name="CredentialId">Sent by Ash's SDKs; accepted so their requests are not refused, not applied (credentials are the server's).</param>
/// <param name="Betas">Sent by Ash's SDKs; accepted, not applied.</param>
/// <param name="Subagents">Sent by Ash's SDKs; accepted, not applied (an agent's subagents are its <c>.claude/agents</c>).</param>
/// <param name="InitialAgent">Sent by Ash's SDKs; accepted, not applied.</param>
/// <param name="BudgetUsd">(ext) Sets the session's budget (<c>PUT /api/budgets/sessions/:id</c>) as it is created.</param>
public sealed record CreateSessionRequest(
    string? Agent,
    string? Model,
    string? SystemPrompt,
    JsonElement? McpServers,
    string? PermissionMode,
    List<string>? AllowedTools,
    List<string>? DisallowedTools,
    Dictionary<string, string>? ExtraEnv,
    string? CredentialId = null,
    List<string>? Betas = null,
    JsonElement? Subagents = null,
    string? InitialAgent = null,
    [property: JsonNumberHandling(JsonNumberHandling.Strict)] decimal? BudgetUsd = null);

/// <summary>Ash's <c>PATCH /api/sessions/:id/config</c>: each field given replaces the session's.</summary>
public sealed record PatchSessionConfigRequest(
    string? Model,
    List<string>? AllowedTools,
    List<string>? DisallowedTools,
    List<string>? Betas,
    JsonElement? Subagents,
    string? InitialAgent);

/// <summary>
/// The session's agent options Ash keeps as its <c>config</c> (and, a bug we do not copy, never returns); null when
/// none is set.
/// </summary>
public sealed record SessionConfigDto(
    IReadOnlyList<string>? AllowedTools,
    IReadOnlyList<string>? DisallowedTools,
    IReadOnlyList<string>? Betas,
    JsonElement? Subagents,
    string? InitialAgent)
{
    public static SessionConfigDto? From(Ash.Core.Sessions.SessionOptions options) =>
        options is { AllowedTools: null, DisallowedTools: null, Betas: null, SubagentsJson: null, InitialAgent: null }
            ? null
            : new SessionConfigDto(
                options.AllowedTools,
                options.DisallowedTools,
                options.Betas,
                options.SubagentsJson is { } subagents ? JsonDocument.Parse(subagents).RootElement.Clone() : null,
                options.InitialAgent);
}

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
    string? Model,
    SessionConfigDto? Config)
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
        session.Options.Model,
        SessionConfigDto.From(session.Options));
}

public sealed record SessionResponse(SessionDto Session);

public sealed record SessionListResponse(List<SessionDto> Sessions, string? NextCursor);

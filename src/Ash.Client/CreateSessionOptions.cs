using System.Text.Json;

namespace Ash.Client;

/// <summary>Optional settings for <see cref="AshClient.CreateSessionAsync"/>; unset members are left to the agent's defaults.</summary>
public sealed record CreateSessionOptions
{
    /// <summary>Model to run the session with instead of the agent's default.</summary>
    public string? Model { get; init; }

    /// <summary>Replaces the agent's system prompt for this session.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>
    /// MCP servers for this session, added to the agent's own: an object of named server configurations, as
    /// the <c>mcpServers</c> of a <c>.mcp.json</c> (e.g. <c>{"docs": {"type": "http", "url": "https://…"}}</c>).
    /// </summary>
    public JsonElement? McpServers { get; init; }

    /// <summary>Claude Code permission mode, e.g. <c>bypassPermissions</c>.</summary>
    public string? PermissionMode { get; init; }

    /// <summary>Tools the agent may use; all tools when unset.</summary>
    public IReadOnlyList<string>? AllowedTools { get; init; }

    /// <summary>Tools the agent may not use.</summary>
    public IReadOnlyList<string>? DisallowedTools { get; init; }

    /// <summary>Extra environment variables for the session's sandbox.</summary>
    public IReadOnlyDictionary<string, string>? ExtraEnv { get; init; }

    /// <summary>Stored credential whose secret the sandbox uses to reach the model API.</summary>
    public string? CredentialId { get; init; }
}

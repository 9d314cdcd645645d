namespace Ash.Core.Sessions;

/// <summary>
/// Per-session agent options from <c>POST /api/sessions</c>. Everything here reaches the CLI as flags or
/// files; <see cref="ExtraEnv"/> reaches the sandbox environment and so must never hold a platform secret.
/// </summary>
public sealed record SessionOptions
{
    public string? Model { get; init; }

    public string? SystemPrompt { get; init; }

    /// <summary>Raw JSON object of MCP server definitions, merged into the workspace's .mcp.json.</summary>
    public string? McpServersJson { get; init; }

    public string? PermissionMode { get; init; }

    public IReadOnlyList<string>? AllowedTools { get; init; }

    public IReadOnlyList<string>? DisallowedTools { get; init; }

    public IReadOnlyDictionary<string, string>? ExtraEnv { get; init; }

    /// <summary>
    /// A JSON schema the agent's answers must follow (the CLI's <c>--json-schema</c>). Never a session's own option:
    /// set only on the spec of a process started for a message with <c>outputFormat</c> (issue 13), and not stored.
    /// </summary>
    public string? OutputSchemaJson { get; init; }

    /// <summary>Beta headers the CLI sends to the model API (<c>--betas</c>).</summary>
    public IReadOnlyList<string>? Betas { get; init; }

    /// <summary>Raw JSON object of custom subagents (Ash's <c>subagents</c>, the CLI's <c>--agents</c>).</summary>
    public string? SubagentsJson { get; init; }

    /// <summary>The agent the session runs as (Ash's <c>initialAgent</c>, the CLI's <c>--agent</c>).</summary>
    public string? InitialAgent { get; init; }

    /// <summary>
    /// The tenant's stored credential the session's model requests use (POST /api/sessions <c>credentialId</c>);
    /// null for the server's own upstream key. Only its id travels: the model proxy opens it per request.
    /// </summary>
    public Guid? CredentialId { get; init; }

    public static SessionOptions Empty { get; } = new();
}

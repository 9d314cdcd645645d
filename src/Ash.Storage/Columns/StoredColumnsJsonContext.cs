using System.Text.Json.Serialization;

namespace Ash.Storage.Columns;

/// <summary>The JSON shape of a session's options column, the same in SQLite and PostgreSQL.</summary>
internal sealed record StoredSessionOptions(
    string? Model,
    string? SystemPrompt,
    string? McpServersJson,
    string? PermissionMode,
    List<string>? AllowedTools,
    List<string>? DisallowedTools,
    Dictionary<string, string>? ExtraEnv,
    List<string>? Betas = null,
    string? SubagentsJson = null,
    string? InitialAgent = null,
    Guid? CredentialId = null);

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(StoredSessionOptions))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(StoredAgentConfig))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class StoredColumnsJsonContext : JsonSerializerContext;

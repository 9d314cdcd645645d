using System.Text.Json.Serialization;

namespace Ash.Storage.Postgres;

/// <summary>How session options are stored: the same JSON shape as the SQLite store writes.</summary>
internal sealed record StoredSessionOptions(
    string? Model,
    string? SystemPrompt,
    string? McpServersJson,
    string? PermissionMode,
    List<string>? AllowedTools,
    List<string>? DisallowedTools,
    Dictionary<string, string>? ExtraEnv);

[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(StoredSessionOptions))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class PostgresJsonContext : JsonSerializerContext;

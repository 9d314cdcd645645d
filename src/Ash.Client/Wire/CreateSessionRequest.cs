using System.Text.Json;

namespace Ash.Client.Wire;

internal sealed record CreateSessionRequest(
    string Agent,
    string? Model,
    string? SystemPrompt,
    JsonElement? McpServers,
    string? PermissionMode,
    IReadOnlyList<string>? AllowedTools,
    IReadOnlyList<string>? DisallowedTools,
    IReadOnlyDictionary<string, string>? ExtraEnv,
    string? CredentialId)
{
    public static CreateSessionRequest From(string agent, CreateSessionOptions? options) => new(
        agent,
        options?.Model,
        options?.SystemPrompt,
        options?.McpServers,
        options?.PermissionMode,
        options?.AllowedTools,
        options?.DisallowedTools,
        options?.ExtraEnv,
        options?.CredentialId);
}

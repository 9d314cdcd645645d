using System.Text.Json;
using Ash.Core.Agents;
using Ash.Core.Sessions;

namespace Ash.Storage.Columns;

/// <summary>The structured columns (agent env, session options) as JSON text, shared by both stores.</summary>
internal static class StoredColumns
{
    public static string Env(IReadOnlyDictionary<string, string>? env) =>
        JsonSerializer.Serialize(new Dictionary<string, string>(env ?? new Dictionary<string, string>()), StoredColumnsJsonContext.Default.DictionaryStringString);

    public static IReadOnlyDictionary<string, string> Env(string json) =>
        JsonSerializer.Deserialize(json, StoredColumnsJsonContext.Default.DictionaryStringString) ?? [];

    /// <summary>Two env maps hold the same pairs.</summary>
    public static bool SameEnv(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));

    public static string? Names(IReadOnlyList<string>? names) =>
        names is null ? null : JsonSerializer.Serialize(names.ToList(), StoredColumnsJsonContext.Default.ListString);

    public static IReadOnlyList<string>? Names(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StoredColumnsJsonContext.Default.ListString);
    /// <summary>An env column of plaintext values, every value sealed with <paramref name="seal"/>.</summary>
    public static string SealEnv(string json, Func<string, string> seal)
    {
        var sealedEnv = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Env(json))
        {
            sealedEnv[name] = seal(value);
        }

        return Env(sealedEnv);
    }

    /// <summary>An agent version's parsed <c>ash.json</c> (<see cref="StoredAgentConfig"/>); null (not known) stays null.</summary>
    public static string? Config(AgentConfig? config) =>
        config is null ? null : JsonSerializer.Serialize(StoredAgentConfig.From(config), StoredColumnsJsonContext.Default.StoredAgentConfig);

    /// <summary>The config of a version row; null when the version was stored before configs were (issue 16).</summary>
    public static AgentConfig? Config(string? json) =>
        json is null ? null : JsonSerializer.Deserialize(json, StoredColumnsJsonContext.Default.StoredAgentConfig)?.ToConfig() ?? AgentConfig.Default;

    public static string Options(SessionOptions options) => JsonSerializer.Serialize(
        new StoredSessionOptions(
            options.Model,
            options.SystemPrompt,
            options.McpServersJson,
            options.PermissionMode,
            options.AllowedTools?.ToList(),
            options.DisallowedTools?.ToList(),
            options.ExtraEnv is null ? null : new Dictionary<string, string>(options.ExtraEnv),
            options.Betas?.ToList(),
            options.SubagentsJson,
            options.InitialAgent,
            options.CredentialId),
        StoredColumnsJsonContext.Default.StoredSessionOptions);

    public static SessionOptions Options(string json)
    {
        var stored = JsonSerializer.Deserialize(json, StoredColumnsJsonContext.Default.StoredSessionOptions);
        return stored is null
            ? SessionOptions.Empty
            : new SessionOptions
            {
                Model = stored.Model,
                SystemPrompt = stored.SystemPrompt,
                McpServersJson = stored.McpServersJson,
                PermissionMode = stored.PermissionMode,
                AllowedTools = stored.AllowedTools,
                DisallowedTools = stored.DisallowedTools,
                ExtraEnv = stored.ExtraEnv,
                Betas = stored.Betas,
                SubagentsJson = stored.SubagentsJson,
                InitialAgent = stored.InitialAgent,
                CredentialId = stored.CredentialId,
            };
    }
}

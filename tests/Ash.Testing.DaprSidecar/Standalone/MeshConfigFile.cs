using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Testing.DaprSidecar.Apps;

namespace Ash.Testing.DaprSidecar.Standalone;

/// <summary>
/// The standalone mesh's JSON file. Durations use Go syntax (<c>"1s"</c>, <c>"250ms"</c>); <c>keyPrefix</c> is
/// <c>appid</c>, <c>name</c> or <c>none</c>. Example in the README.md of this project.
/// </summary>
internal sealed record MeshConfigFile(
    IReadOnlyList<MeshConfigFile.SidecarEntry>? Sidecars,
    IReadOnlyList<MeshConfigFile.StateStoreEntry>? StateStores,
    IReadOnlyList<string>? PubSubs,
    MeshConfigFile.RetryEntry? ReminderRetry,
    string? RedeliveryInterval,
    int? MaxDeliveryAttempts)
{
    public static DaprMeshOptions Read(string path, out List<string> problems)
    {
        problems = [];
        MeshConfigFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize(stream, MeshConfigJson.Default.MeshConfigFile);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            problems.Add($"{path}: {exception.Message}");
            return new DaprMeshOptions { Sidecars = [] };
        }

        return file?.ToOptions(problems) ?? new DaprMeshOptions { Sidecars = [] };
    }

    private DaprMeshOptions ToOptions(List<string> problems)
    {
        var options = new DaprMeshOptions
        {
            Sidecars = [.. (Sidecars ?? []).Select(entry => new SidecarDefinition(entry.AppId ?? "")
            {
                Name = entry.Name ?? entry.AppId ?? "",
                AppBaseUrl = entry.AppBaseUrl is { } url ? new Uri(url) : null,
                HttpPort = entry.HttpPort ?? 0,
                GrpcPort = entry.GrpcPort ?? 0,
                ApiToken = entry.ApiToken,
                AppToken = entry.AppToken,
                ConsumerId = entry.ConsumerId,
            })],
        };
        if (StateStores is { } stores)
        {
            options = options with
            {
                StateStores = [.. stores.Select(store => new StateStoreDefinition(store.Name ?? "")
                {
                    KeyPrefix = KeyPrefixOf(store.KeyPrefix, problems),
                    IsActorStateStore = store.ActorStateStore ?? false,
                })],
            };
        }

        if (PubSubs is { } pubsubs)
        {
            options = options with { PubSubs = pubsubs };
        }

        if (ReminderRetry is { } retry)
        {
            options = options with
            {
                ReminderRetry = new ReminderRetryPolicy(retry.MaxRetries ?? ReminderRetryPolicy.Default.MaxRetries, Duration(retry.Interval, "reminderRetry.interval", ReminderRetryPolicy.Default.Interval, problems)),
            };
        }

        return options with
        {
            RedeliveryInterval = Duration(RedeliveryInterval, "redeliveryInterval", options.RedeliveryInterval, problems),
            MaxDeliveryAttempts = MaxDeliveryAttempts ?? options.MaxDeliveryAttempts,
        };
    }

    private static TimeSpan Duration(string? text, string key, TimeSpan fallback, List<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (GoDuration.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add($"{key}: '{text}' is not a Go duration");
        return fallback;
    }

    private static StateKeyPrefix KeyPrefixOf(string? text, List<string> problems)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "appid":
                return StateKeyPrefix.AppId;
            case "name":
                return StateKeyPrefix.Name;
            case "none":
                return StateKeyPrefix.None;
            default:
                problems.Add($"stateStores[].keyPrefix: '{text}' is not appid, name or none");
                return StateKeyPrefix.AppId;
        }
    }

    internal sealed record SidecarEntry(string? AppId, string? Name, string? AppBaseUrl, int? HttpPort, int? GrpcPort, string? ApiToken, string? AppToken, string? ConsumerId);

    internal sealed record StateStoreEntry(string? Name, string? KeyPrefix, bool? ActorStateStore);

    internal sealed record RetryEntry(int? MaxRetries, string? Interval);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(MeshConfigFile))]
internal sealed partial class MeshConfigJson : JsonSerializerContext;

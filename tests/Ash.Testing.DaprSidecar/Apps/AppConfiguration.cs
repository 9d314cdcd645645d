using System.Text.Json;
using Ash.Testing.DaprSidecar.Hosting;

namespace Ash.Testing.DaprSidecar.Apps;

/// <summary>What an app answered on <c>GET /dapr/config</c> (reference §1.2); read once per sidecar.</summary>
internal sealed record AppConfiguration(IReadOnlyList<string> Entities, ActorTypeSettings RootSettings, IReadOnlyDictionary<string, ActorTypeSettings> Overrides)
{
    /// <summary>Any non-200 answer means the app hosts no actors.</summary>
    public static AppConfiguration NoActors { get; } = new([], ActorTypeSettings.Defaults, new Dictionary<string, ActorTypeSettings>());

    public ActorTypeSettings SettingsFor(string actorType) => Overrides.GetValueOrDefault(actorType, RootSettings);

    /// <summary>Lenient like daprd: unknown fields are ignored, names match ignoring case, and an unparsable duration keeps the default.</summary>
    public static AppConfiguration Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return NoActors;
        }

        var entities = ReadStrings(root, "entities");
        var rootSettings = ReadSettings(root, ActorTypeSettings.Defaults);
        var overrides = new Dictionary<string, ActorTypeSettings>(StringComparer.Ordinal);
        if (GoJsonFields.TryGet(root, "entitiesConfig", out var entitiesConfig) && entitiesConfig.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in entitiesConfig.EnumerateArray())
            {
                var settings = ReadSettings(entry, rootSettings);
                foreach (var type in ReadStrings(entry, "entities"))
                {
                    overrides[type] = settings;
                }
            }
        }

        return new AppConfiguration(entities, rootSettings, overrides);
    }

    private static ActorTypeSettings ReadSettings(JsonElement element, ActorTypeSettings fallback)
    {
        var reentrancyEnabled = fallback.ReentrancyEnabled;
        var maxStackDepth = fallback.MaxStackDepth;
        if (GoJsonFields.TryGet(element, "reentrancy", out var reentrancy) && reentrancy.ValueKind == JsonValueKind.Object)
        {
            if (GoJsonFields.TryGet(reentrancy, "enabled", out var enabled) && enabled.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                reentrancyEnabled = enabled.GetBoolean();
            }

            if (GoJsonFields.TryGet(reentrancy, "maxStackDepth", out var depth) && depth.TryGetInt32(out var parsedDepth))
            {
                maxStackDepth = parsedDepth;
            }
        }

        return new ActorTypeSettings(
            ReadDuration(element, "actorIdleTimeout", fallback.IdleTimeout),
            ReadDuration(element, "drainOngoingCallTimeout", fallback.DrainOngoingCallTimeout),
            reentrancyEnabled,
            maxStackDepth);
    }

    private static TimeSpan ReadDuration(JsonElement element, string name, TimeSpan fallback) =>
        GoJsonFields.TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.String && GoDuration.TryParse(value.GetString(), out var parsed) && parsed > TimeSpan.Zero
            ? parsed
            : fallback;

    private static List<string> ReadStrings(JsonElement element, string name)
    {
        var values = new List<string>();
        if (GoJsonFields.TryGet(element, name, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } text)
                {
                    values.Add(text);
                }
            }
        }

        return values;
    }
}

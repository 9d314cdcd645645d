using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Testing.DaprSidecar.Hosting;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>One item of the app's <c>GET /dapr/subscribe</c> answer (reference §3.3); field names match as in Go, ignoring case.</summary>
internal sealed record Subscription(
    string PubSubName,
    string Topic,
    IReadOnlyList<RouteRule> Rules,
    string? DefaultRoute,
    string? DeadLetterTopic,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The first matching rule's path, else the default route; null when nothing applies.</summary>
    public string? RouteFor(JsonObject cloudEvent) =>
        Rules.FirstOrDefault(rule => rule.Matches(cloudEvent))?.Path ?? DefaultRoute;

    /// <summary>Items without pubsubname, topic or any route are dropped, as daprd does (with a warning).</summary>
    public static List<Subscription> ParseAll(JsonElement root, Action<string> warn)
    {
        var subscriptions = new List<Subscription>();
        if (root.ValueKind != JsonValueKind.Array)
        {
            warn("/dapr/subscribe did not answer a JSON array");
            return subscriptions;
        }

        foreach (var item in root.EnumerateArray())
        {
            var pubsub = ReadString(item, "pubsubname");
            var topic = ReadString(item, "topic");
            var rules = new List<RouteRule>();
            string? defaultRoute = null;
            if (GoJsonFields.TryGet(item, "routes", out var routes) && routes.ValueKind == JsonValueKind.Object)
            {
                defaultRoute = ReadString(routes, "default");
                if (GoJsonFields.TryGet(routes, "rules", out var ruleItems) && ruleItems.ValueKind == JsonValueKind.Array)
                {
                    foreach (var ruleItem in ruleItems.EnumerateArray())
                    {
                        var rule = new RouteRule(ReadString(ruleItem, "match") ?? "", ReadString(ruleItem, "path") ?? "");
                        if (!rule.IsSupported)
                        {
                            warn($"subscription {pubsub}/{topic}: match '{rule.Match}' is not supported by the stand-in (only event.type == \"x\"); it never matches");
                        }

                        rules.Add(rule);
                    }
                }
            }

            // The legacy single route counts only when routes.default is empty (reference §3.3).
            defaultRoute = string.IsNullOrEmpty(defaultRoute) ? ReadString(item, "route") : defaultRoute;
            if (pubsub is null || topic is null || (string.IsNullOrEmpty(defaultRoute) && rules.Count == 0))
            {
                warn($"subscription {pubsub}/{topic} has no pubsubname, topic or route; ignored");
                continue;
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            if (GoJsonFields.TryGet(item, "metadata", out var metadataItem) && metadataItem.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in metadataItem.EnumerateObject())
                {
                    metadata[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText();
                }
            }

            subscriptions.Add(new Subscription(pubsub, topic, rules, string.IsNullOrEmpty(defaultRoute) ? null : defaultRoute, ReadString(item, "deadLetterTopic"), metadata));
        }

        return subscriptions;
    }

    private static string? ReadString(JsonElement element, string name) =>
        GoJsonFields.TryGet(element, name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}

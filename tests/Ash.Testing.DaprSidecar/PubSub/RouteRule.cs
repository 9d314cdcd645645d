using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>
/// A routing rule. Dapr evaluates CEL; the stand-in understands only <c>event.type == "x"</c> — any other
/// expression never matches (and is reported when the subscription is read).
/// </summary>
internal sealed partial record RouteRule(string Match, string Path)
{
    public string? EventType { get; } = TypeEquals().Match(Match) is { Success: true } m ? m.Groups[1].Value : null;

    public bool IsSupported => EventType is not null;

    public bool Matches(JsonObject cloudEvent) =>
        EventType is { } expected && cloudEvent["type"] is JsonValue value && value.TryGetValue(out string? type) && type == expected;

    [GeneratedRegex("""^\s*event\.type\s*==\s*(?:"([^"]*)"|'([^']*)')\s*$""", RegexOptions.CultureInvariant)]
    private static partial Regex TypeEquals();
}

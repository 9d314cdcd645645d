using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ash.Server.Tests.OpenApi;

/// <summary>
/// Where two JSON documents first differ in meaning: object members compare by name (their order means nothing),
/// arrays by position, values exactly. The place is a JSON path a reader can follow
/// (<c>$.paths['/api/sessions'].post.responses['201']</c>), with what each side holds there.
/// </summary>
internal static partial class JsonDifference
{
    private const int MaxShown = 160;

    /// <summary>The first difference between <paramref name="expected"/> and <paramref name="actual"/> (each JSON text), or null when they mean the same.</summary>
    public static string? Between(string expected, string actual)
    {
        JsonNode? left;
        JsonNode? right;
        try
        {
            left = JsonNode.Parse(expected);
        }
        catch (JsonException exception)
        {
            return NotJson("expected", exception);
        }

        try
        {
            right = JsonNode.Parse(actual);
        }
        catch (JsonException exception)
        {
            return NotJson("actual", exception);
        }

        return Between(left, right, "$");
    }

    private static string? Between(JsonNode? expected, JsonNode? actual, string path) => (expected, actual) switch
    {
        (JsonObject left, JsonObject right) => BetweenObjects(left, right, path),
        (JsonArray left, JsonArray right) => BetweenArrays(left, right, path),
        _ when JsonNode.DeepEquals(expected, actual) => null,
        _ => $"{path}: expected {Show(expected)}, got {Show(actual)}",
    };

    private static string? BetweenObjects(JsonObject expected, JsonObject actual, string path)
    {
        foreach (var (name, value) in expected)
        {
            if (!actual.TryGetPropertyValue(name, out var other))
            {
                return $"{Member(path, name)}: expected {Show(value)}, missing";
            }

            if (Between(value, other, Member(path, name)) is { } difference)
            {
                return difference;
            }
        }

        foreach (var (name, value) in actual)
        {
            if (!expected.ContainsKey(name))
            {
                return $"{Member(path, name)}: not expected, got {Show(value)}";
            }
        }

        return null;
    }

    private static string? BetweenArrays(JsonArray expected, JsonArray actual, string path)
    {
        for (var index = 0; index < Math.Min(expected.Count, actual.Count); index++)
        {
            if (Between(expected[index], actual[index], $"{path}[{index}]") is { } difference)
            {
                return difference;
            }
        }

        return expected.Count == actual.Count
            ? null
            : $"{path}: expected {expected.Count} items, got {actual.Count}";
    }

    private static string Member(string path, string name) =>
        PlainName().IsMatch(name) ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= MaxShown ? text : text[..MaxShown] + "…";
    }

    private static string NotJson(string side, JsonException exception) =>
        $"the {side} document is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): {exception.Message}";

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex PlainName();
}

using System.Text.Json;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>Reads what the actor wrote to the agent's stdin, for assertions that name it plainly.</summary>
public static class StdinLine
{
    /// <summary>"user: TEXT" for a user message of plain text, "control: SUBTYPE (REQUEST ID)" for a control request.</summary>
    public static string Describe(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        return root.GetProperty("type").GetString() switch
        {
            "user" => $"user: {root.GetProperty("message").GetProperty("content").GetString()}",
            "control_request" => $"control: {root.GetProperty("request").GetProperty("subtype").GetString()} ({root.GetProperty("request_id").GetString()})",
            var other => $"other: {other}",
        };
    }

    public static IReadOnlyList<string> Describe(IEnumerable<string> lines) => [.. lines.Select(Describe)];
}

using System.Text.Json;

namespace Ash.Testing.FakeModel;

/// <summary>The parts of a Messages API request body the script reads; every other field is ignored.</summary>
internal sealed record MessagesRequest(
    string Model,
    bool Stream,
    IReadOnlyList<string> UserTexts,
    IReadOnlyList<string> LastUserTexts,
    string? LastToolResult,
    int InputTokens)
{
    private const string DefaultModel = "claude-fake";
    private const string SystemReminderPrefix = "<system-reminder>";

    /// <summary>Reads a request body; null when it is not a JSON object.</summary>
    public static MessagesRequest? Parse(string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var model = root.TryGetProperty("model", out var modelElement) && modelElement.ValueKind == JsonValueKind.String
                ? modelElement.GetString() ?? DefaultModel
                : DefaultModel;
            var stream = root.TryGetProperty("stream", out var streamElement) && streamElement.ValueKind == JsonValueKind.True;

            var userTexts = new List<string>();
            IReadOnlyList<string> lastUserTexts = [];
            string? lastToolResult = null;
            if (root.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    if (!IsUserMessage(message))
                    {
                        continue;
                    }

                    var texts = new List<string>();
                    var toolResults = new List<string>();
                    ReadContent(message, texts, toolResults);
                    userTexts.AddRange(texts);
                    lastUserTexts = texts;
                    lastToolResult = toolResults.Count > 0 ? string.Join('\n', toolResults) : null;
                }
            }

            return new MessagesRequest(model, stream, userTexts, lastUserTexts, lastToolResult, Math.Max(1, body.Length / 4));
        }
    }

    private static bool IsUserMessage(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("role", out var role)
        && role.ValueKind == JsonValueKind.String
        && role.ValueEquals("user");

    private static void ReadContent(JsonElement message, List<string> texts, List<string> toolResults)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            AddUserText(content.GetString(), texts);
            return;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            switch (BlockType(block))
            {
                case "text":
                    AddUserText(StringProperty(block, "text"), texts);
                    break;
                case "tool_result":
                    toolResults.Add(block.TryGetProperty("content", out var result) ? TextOf(result) : "");
                    break;
            }
        }
    }

    // The CLI wraps context it injects (dates, file state, reminders) in <system-reminder> blocks placed
    // around the user's own text; those are not what the user said.
    private static void AddUserText(string? text, List<string> texts)
    {
        if (text is not null && !text.TrimStart().StartsWith(SystemReminderPrefix, StringComparison.Ordinal))
        {
            texts.Add(text);
        }
    }

    // A tool_result's content is either a string or an array of content blocks.
    private static string TextOf(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        var parts = new List<string>();
        foreach (var block in content.EnumerateArray())
        {
            if (BlockType(block) == "text" && StringProperty(block, "text") is { } text)
            {
                parts.Add(text);
            }
        }

        return string.Join('\n', parts);
    }

    private static string? BlockType(JsonElement block) =>
        block.ValueKind == JsonValueKind.Object ? StringProperty(block, "type") : null;

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

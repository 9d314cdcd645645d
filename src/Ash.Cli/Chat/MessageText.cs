using System.Text;
using System.Text.Json;

namespace Ash.Cli.Chat;

// What a stored message says, for a person: the user's text, the agent's text and the tools it called
// ("⚙ Bash(ls)"), or a turn's result. The rows are Ash's: {"type":"user","content":…}, the agent's
// stream-json assistant message, and its result message.
internal static class MessageText
{
    public static string Of(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement;
            return EventData.String(root, "type") switch
            {
                "user" => Blocks(EventData.Property(root, "content")),
                "assistant" => Blocks(EventData.Property(root, "message") is { } message ? EventData.Property(message, "content") : null),
                "result" => "result: " + (EventData.String(root, "result") ?? ""),
                _ => content,
            };
        }
        catch (JsonException)
        {
            return content;
        }
    }

    private static string Blocks(JsonElement? content)
    {
        if (content is not { } value)
        {
            return "";
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() ?? "";
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return value.GetRawText();
        }

        var text = new StringBuilder();
        foreach (var block in value.EnumerateArray())
        {
            var part = EventData.String(block, "type") switch
            {
                "text" => EventData.String(block, "text"),
                "tool_use" => ToolCallFormat.Call(block),
                "tool_result" => ToolCallFormat.Result(block).Trim(),
                _ => null,
            };
            if (!string.IsNullOrEmpty(part))
            {
                text.Append(text.Length > 0 ? " " : "").Append(part);
            }
        }

        return text.ToString();
    }
}

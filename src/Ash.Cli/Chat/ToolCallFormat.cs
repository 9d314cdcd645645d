using System.Text;
using System.Text.Json;
using Ash.Cli.Output;

namespace Ash.Cli.Chat;

// One-line renderings of tool calls and results: "⚙ Bash(ls -la)" and "  ↳ total 8 …".
internal static class ToolCallFormat
{
    private const int CallWidth = 80;
    private const int ResultWidth = 100;

    // The input field that says most about a call, for Claude Code's built-in tools and most MCP tools.
    private static readonly string[] s_summaryFields =
        ["command", "file_path", "notebook_path", "path", "pattern", "url", "query", "description", "prompt"];

    public static string Call(JsonElement toolUse)
    {
        var name = EventData.String(toolUse, "name") ?? "tool";
        var input = EventData.Property(toolUse, "input");
        return $"⚙ {name}({(input is { } value ? SummarizeInput(value) : "")})";
    }

    public static string Result(JsonElement toolResult)
    {
        var marker = EventData.IsTrue(toolResult, "is_error") ? "✗" : "↳";
        var content = EventData.Property(toolResult, "content") is { } value ? OneLine.Cut(Flatten(value), ResultWidth) : "";
        return $"  {marker} {(content.Length == 0 ? "(no output)" : content)}";
    }

    private static string SummarizeInput(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            return OneLine.Cut(input.GetRawText(), CallWidth);
        }

        foreach (var field in s_summaryFields)
        {
            if (EventData.String(input, field) is { } value)
            {
                return OneLine.Cut(value, CallWidth);
            }
        }

        return input.EnumerateObject().Any() ? OneLine.Cut(input.GetRawText(), CallWidth) : "";
    }

    // Tool output is a string, or content blocks whose text parts are what a person reads.
    private static string Flatten(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? "";
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var block in content.EnumerateArray())
                {
                    text.Append(block.ValueKind == JsonValueKind.String ? block.GetString() : EventData.String(block, "text")).Append(' ');
                }

                return text.ToString();
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return "";
            default:
                return content.GetRawText();
        }
    }
}

using System.Text;
using System.Text.Json;

namespace Ash.Core.Events;

/// <summary>The text of a stream-json <c>tool_result</c> block, whichever form its <c>content</c> takes.</summary>
internal static class ToolResultContent
{
    /// <summary>A string as it is, an array's text parts joined by newlines, anything else as its JSON.</summary>
    public static string Text(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content))
        {
            return string.Empty;
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return content.GetRawText();
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(value.GetString());
            }
        }

        return text.ToString();
    }
}

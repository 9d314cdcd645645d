using System.Text;
using System.Text.Json;

namespace Ash.Testing.ProbeRuntime;

internal enum InboundLineKind
{
    Other,
    User,
    ControlRequest,
}

/// <summary>
/// One stream-json input line: a user message (its text is the probe's instruction), a control request
/// (acknowledged; an interrupt also stops the running script), or anything else (ignored).
/// </summary>
internal sealed record InboundLine(InboundLineKind Kind, string Text, string? RequestId, string? ControlSubtype)
{
    private static readonly InboundLine Other = new(InboundLineKind.Other, string.Empty, null, null);

    public bool IsInterrupt => Kind == InboundLineKind.ControlRequest && ControlSubtype == "interrupt";

    public static InboundLine Parse(ReadOnlySpan<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException)
        {
            // Not JSON: the real CLI would reject the line too; the probe just ignores it.
            return Other;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type))
            {
                return Other;
            }

            if (type.ValueEquals("user"))
            {
                var text = root.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content)
                    ? TextOf(content)
                    : string.Empty;
                return new InboundLine(InboundLineKind.User, text, null, null);
            }

            if (type.ValueEquals("control_request"))
            {
                var requestId = root.TryGetProperty("request_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                var subtype = root.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.Object
                    && request.TryGetProperty("subtype", out var subtypeElement) && subtypeElement.ValueKind == JsonValueKind.String
                        ? subtypeElement.GetString()
                        : null;
                return new InboundLine(InboundLineKind.ControlRequest, string.Empty, requestId, subtype);
            }

            return Other;
        }
    }

    /// <summary>A string content is the text itself; content blocks contribute their text blocks, joined by newlines.</summary>
    private static string TextOf(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? string.Empty;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object
                && block.TryGetProperty("type", out var blockType) && blockType.ValueEquals("text")
                && block.TryGetProperty("text", out var blockText) && blockText.ValueKind == JsonValueKind.String)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(blockText.GetString());
            }
        }

        return text.ToString();
    }
}

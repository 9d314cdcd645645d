using System.Buffers;
using System.Text;
using System.Text.Json;
using Ash.Core.Events;

namespace Ash.Core.Timeline;

/// <summary>
/// Reads the timeline entries out of one event-log entry, as Ash classifies the agent's messages
/// (ash-reference.md §1.5): an <c>assistant</c> message gives <c>text</c>, <c>tool_start</c> and
/// <c>reasoning</c>, a <c>user</c> message with tool results gives <c>tool_result</c>, the <c>result</c>
/// message gives <c>turn_complete</c>; <c>error</c> and <c>lifecycle</c> entries are taken as they are.
/// </summary>
/// <remarks>
/// An entry's sequence is a slot of the event log. A message's derived events sit in the slots right before
/// it (the <see cref="StreamJsonTranslator"/> writes them there), one per tool use, thinking block or tool
/// result, so a message never yields more entries than it and its derived events hold slots: the text blocks
/// of one message are joined into one <c>text</c> entry to keep it so. The entries of a message at slot
/// <c>m</c> take the slots <c>m-k+1 … m</c>.
/// </remarks>
public static class TimelineTranslator
{
    /// <summary>Appends the entries <paramref name="logEvent"/> yields, in order; returns how many.</summary>
    public static int Translate(SessionEvent logEvent, List<(string Type, string Data)> output)
    {
        switch (logEvent.Type)
        {
            case EventTypes.Error or EventTypes.Lifecycle when logEvent.DataText is { } data:
                output.Add((logEvent.Type, data));
                return 1;
            case EventTypes.Message when logEvent.Data is { } line:
                var before = output.Count;
                TranslateMessage(line, output);
                return output.Count - before;
            default:
                return 0;
        }
    }

    private static void TranslateMessage(byte[] line, List<(string Type, string Data)> output)
    {
        // Most logged lines are partial messages and system lines, which give no entry: they are not parsed. The
        // peek has read the line whole, so the others parse, and their type is the peek's.
        var type = LinePeek.Of(line).Type;
        if (type is not (LineType.Assistant or LineType.User or LineType.Result))
        {
            return;
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var before = output.Count;
        try
        {
            switch (type)
            {
                case LineType.Assistant:
                    AddAssistant(root, output);
                    break;
                case LineType.User:
                    AddToolResults(root, output);
                    break;
                default:
                    output.Add((TimelineTypes.TurnComplete, Write(w =>
                    {
                        Copy(w, root, "num_turns", "numTurns");
                        Copy(w, root, "result", "result");
                    })));
                    break;
            }
        }
        catch (InvalidOperationException)
        {
            // A known message with values of the wrong kind: the translator refused such lines; nothing of it here either.
            output.RemoveRange(before, output.Count - before);
        }
    }

    private static void AddAssistant(JsonElement root, List<(string Type, string Data)> output)
    {
        if (!TryGetContent(root, out var content))
        {
            return;
        }

        StringBuilder? text = null;
        var textAt = -1;
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var blockType))
            {
                continue;
            }

            if (blockType.ValueEquals("text") && block.TryGetProperty("text", out var textValue) && textValue.ValueKind == JsonValueKind.String)
            {
                if (text is null)
                {
                    text = new StringBuilder(textValue.GetString());
                    textAt = output.Count;
                    output.Add((TimelineTypes.Text, string.Empty));
                }
                else
                {
                    text.Append('\n').Append(textValue.GetString());
                }
            }
            else if (blockType.ValueEquals("tool_use"))
            {
                output.Add((TimelineTypes.ToolStart, Write(w =>
                {
                    Copy(w, block, "name", "toolName");
                    Copy(w, block, "id", "toolId");
                    Copy(w, block, "input", "input");
                })));
            }
            else if (blockType.ValueEquals("thinking") && block.TryGetProperty("thinking", out var thinking))
            {
                output.Add((TimelineTypes.Reasoning, Write(w =>
                {
                    w.WritePropertyName("thinking");
                    thinking.WriteTo(w);
                })));
            }
        }

        if (text is not null)
        {
            var joined = text.ToString();
            output[textAt] = (TimelineTypes.Text, Write(w => w.WriteString("text", joined)));
        }
    }

    private static void AddToolResults(JsonElement root, List<(string Type, string Data)> output)
    {
        if (!TryGetContent(root, out var content))
        {
            return;
        }

        var results = 0;
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var blockType) && blockType.ValueEquals("tool_result"))
            {
                results++;
            }
        }

        // The CLI's structured result (stdout, stderr, …) belongs to the line's one tool result; with several it is ambiguous.
        var structured = results == 1 && root.TryGetProperty("tool_use_result", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var blockType) || !blockType.ValueEquals("tool_result"))
            {
                continue;
            }

            output.Add((TimelineTypes.ToolResult, Write(w =>
            {
                if (structured.ValueKind == JsonValueKind.Object && structured.TryGetProperty("tool_name", out var toolName))
                {
                    w.WritePropertyName("toolName");
                    toolName.WriteTo(w);
                }

                Copy(w, block, "tool_use_id", "toolId");
                w.WriteString("stdout", StructuredText(structured, "stdout") ?? ToolResultContent.Text(block));
                w.WriteString("stderr", StructuredText(structured, "stderr") ?? string.Empty);
            })));
        }
    }

    private static string? StructuredText(JsonElement structured, string name) =>
        structured.ValueKind == JsonValueKind.Object && structured.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static bool TryGetContent(JsonElement root, out JsonElement content)
    {
        content = default;
        return root.TryGetProperty("message", out var message)
            && message.ValueKind == JsonValueKind.Object
            && message.TryGetProperty("content", out content)
            && content.ValueKind == JsonValueKind.Array;
    }

    private static void Copy(Utf8JsonWriter writer, JsonElement source, string name, string outputName)
    {
        if (source.TryGetProperty(name, out var value))
        {
            writer.WritePropertyName(outputName);
            value.WriteTo(writer);
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

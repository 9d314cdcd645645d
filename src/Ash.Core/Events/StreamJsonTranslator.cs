using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Ash.Core.Events;

/// <summary>
/// Turns one line of the Claude Code CLI's stream-json output into typed session events, with the
/// names and data shapes of Ash's SSE (ash-reference.md §2): derived events first, then the raw
/// object as <c>message</c>. Text blocks of full <c>assistant</c> messages give no text event; text
/// arrives through <c>text_delta</c> when partial messages are on.
/// </summary>
public static class StreamJsonTranslator
{
    public static AgentLine Translate(ReadOnlyMemory<byte> line, bool includePartialMessages, List<PendingEvent> output)
    {
        JsonDocument document;
        try
        {
            // Parsed in place: every agent line passes here, so no copy of it is made.
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return AgentLine.Invalid;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return AgentLine.Invalid;
            }

            var type = root.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
                ? typeElement.GetString()
                : null;

            var result = new AgentLine(AgentLineKind.Message, false, null, null);
            var before = output.Count;
            try
            {
                result = TranslateObject(root, type, includePartialMessages, output, result);
            }
            catch (InvalidOperationException)
            {
                // A known message type with values of the wrong kind (a number where a string or an object
                // belongs): not the protocol. The line's partial events are dropped with it.
                output.RemoveRange(before, output.Count - before);
                return AgentLine.Invalid;
            }

            if (result.Kind is AgentLineKind.Message or AgentLineKind.Result)
            {
                var raw = Encoding.UTF8.GetString(line.Span);
                output.Add(new PendingEvent(EventTypes.Message, raw));
                if (type is "assistant" or "result")
                {
                    result = result with { HistoryMessage = raw };
                }
            }

            return result;
        }
    }

    private static AgentLine TranslateObject(JsonElement root, string? type, bool includePartialMessages, List<PendingEvent> output, AgentLine result)
    {
        switch (type)
        {
            case "control_response":
                return new AgentLine(AgentLineKind.ControlResponse, false, null, null);
            case "stream_event" when !includePartialMessages:
                // The process always streams partial messages; turns that did not ask for them
                // get neither the deltas nor the raw partial objects.
                return result with { Kind = AgentLineKind.Skipped, ModelResponseId = StartedResponseId(root) };
            case "stream_event":
                AddStreamEvent(root, output);
                result = result with { ModelResponseId = StartedResponseId(root) };
                break;
            case "assistant":
                AddAssistant(root, output);
                result = result with { ModelResponseId = MainAgentResponseId(root) };
                break;
            case "user":
                AddToolResults(root, output);
                break;
            case "result":
                result = AddResult(root, output);
                break;
            default:
                break;
        }

        return result;
    }

    private static void AddStreamEvent(JsonElement root, List<PendingEvent> output)
    {
        if (DeltaOf(root) is { } delta)
        {
            // Stored once, in the raw message that follows (always in the same batch): DerivedDeltaData rebuilds it.
            output.Add(new PendingEvent(delta.Type, delta.Data) { DataInNextEvent = true });
        }
    }

    /// <summary>
    /// The data of the delta event derived from a raw <c>stream_event</c> line, as <see cref="Translate"/> made it:
    /// how the event log rebuilds what it stored only once. Null when the line holds no delta.
    /// </summary>
    public static string? DerivedDeltaData(string rawLine)
    {
        try
        {
            using var document = JsonDocument.Parse(rawLine);
            return DeltaOf(document.RootElement)?.Data;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string Type, string Data)? DeltaOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("event", out var streamEvent)
            || streamEvent.ValueKind != JsonValueKind.Object
            || !streamEvent.TryGetProperty("type", out var eventType)
            || !eventType.ValueEquals("content_block_delta")
            || !streamEvent.TryGetProperty("delta", out var delta)
            || delta.ValueKind != JsonValueKind.Object
            || !delta.TryGetProperty("type", out var deltaType))
        {
            return null;
        }

        if (deltaType.ValueEquals("text_delta"))
        {
            return delta.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
                ? (EventTypes.TextDelta, WriteObject(w => w.WriteString("delta", text.GetString())))
                : null;
        }

        if (deltaType.ValueEquals("thinking_delta"))
        {
            return delta.TryGetProperty("thinking", out var thinking) && thinking.ValueKind == JsonValueKind.String
                ? (EventTypes.ThinkingDelta, WriteObject(w => w.WriteString("delta", thinking.GetString())))
                : null;
        }

        // Ash forwards other deltas (input_json_delta, signature_delta, …) under their own names.
        return deltaType.ValueKind == JsonValueKind.String && deltaType.GetString() is { Length: > 0 } otherType
            ? (otherType, delta.GetRawText())
            : null;
    }

    private static void AddAssistant(JsonElement root, List<PendingEvent> output)
    {
        if (!root.TryGetProperty("message", out var message)
            || !message.TryGetProperty("content", out var content)
            || content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (!block.TryGetProperty("type", out var blockType))
            {
                continue;
            }

            if (blockType.ValueEquals("tool_use"))
            {
                output.Add(new PendingEvent(EventTypes.ToolUse, WriteObject(w =>
                {
                    WriteCopy(w, block, "id");
                    WriteCopy(w, block, "name");
                    WriteCopy(w, block, "input");
                })));
            }
            else if (blockType.ValueEquals("thinking") && block.TryGetProperty("thinking", out var thinking))
            {
                output.Add(new PendingEvent(EventTypes.ThinkingDelta, WriteObject(w => w.WriteString("delta", thinking.GetString()))));
            }
            else if (!blockType.ValueEquals("text") && blockType.GetString() is { Length: > 0 } otherType)
            {
                output.Add(new PendingEvent(otherType, block.GetRawText()));
            }
        }
    }

    /// <summary>The id of the model response a main-agent <c>message_start</c> partial message opens; null for any other.</summary>
    private static string? StartedResponseId(JsonElement root)
    {
        if (root.TryGetProperty("parent_tool_use_id", out var parent) && parent.ValueKind != JsonValueKind.Null)
        {
            return null;
        }

        return root.TryGetProperty("event", out var streamEvent) && streamEvent.ValueKind == JsonValueKind.Object
            && streamEvent.TryGetProperty("type", out var type) && type.ValueEquals("message_start")
            && streamEvent.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
            && message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    /// <summary>
    /// The message id of an assistant line of the main agent. The CLI writes one line per content block, all with
    /// the id of the model response they came in; a sub-agent's lines carry the tool use that started it.
    /// </summary>
    private static string? MainAgentResponseId(JsonElement root)
    {
        if (root.TryGetProperty("parent_tool_use_id", out var parent) && parent.ValueKind != JsonValueKind.Null)
        {
            return null;
        }

        return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
            && message.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }

    private static void AddToolResults(JsonElement root, List<PendingEvent> output)
    {
        if (!root.TryGetProperty("message", out var message)
            || !message.TryGetProperty("content", out var content)
            || content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var block in content.EnumerateArray())
        {
            if (!block.TryGetProperty("type", out var blockType) || !blockType.ValueEquals("tool_result"))
            {
                continue;
            }

            output.Add(new PendingEvent(EventTypes.ToolResult, WriteObject(w =>
            {
                WriteCopy(w, block, "tool_use_id");
                w.WriteString("content", ToolResultContent.Text(block));
                w.WriteBoolean("is_error", block.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True);
            })));
        }
    }

    private static AgentLine AddResult(JsonElement root, List<PendingEvent> output)
    {
        var isError = root.TryGetProperty("is_error", out var isErrorElement) && isErrorElement.ValueKind == JsonValueKind.True;
        string? resultText = root.TryGetProperty("result", out var resultElement) && resultElement.ValueKind == JsonValueKind.String
            ? resultElement.GetString()
            : null;

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            output.Add(new PendingEvent(EventTypes.Usage, WriteObject(w =>
            {
                WriteCopy(w, usage, "input_tokens", "inputTokens");
                WriteCopy(w, usage, "output_tokens", "outputTokens");
                WriteCopy(w, usage, "cache_creation_input_tokens", "cacheCreationInputTokens");
                WriteCopy(w, usage, "cache_read_input_tokens", "cacheReadInputTokens");
                WriteCopy(w, root, "total_cost_usd", "totalCostUsd");
                WriteCopy(w, root, "duration_ms", "durationMs");
            })));
        }

        output.Add(new PendingEvent(EventTypes.TurnComplete, WriteObject(w =>
        {
            if (root.TryGetProperty("num_turns", out var numTurns))
            {
                w.WritePropertyName("numTurns");
                numTurns.WriteTo(w);
            }

            w.WritePropertyName("result");
            if (resultText is null)
            {
                w.WriteNullValue();
            }
            else
            {
                w.WriteStringValue(resultText);
            }
        })));

        var errorText = isError ? DescribeError(root, resultText) : null;
        return new AgentLine(AgentLineKind.Result, isError, errorText ?? resultText, null);
    }

    private static string DescribeError(JsonElement root, string? resultText)
    {
        if (!string.IsNullOrWhiteSpace(resultText))
        {
            return resultText;
        }

        var subtype = root.TryGetProperty("subtype", out var subtypeElement) ? subtypeElement.GetString() : null;
        return subtype switch
        {
            "error_during_execution" => "The turn was interrupted",
            "error_max_turns" => "The turn reached its maximum number of agent turns",
            "error_max_budget_usd" => "The turn reached its budget",
            _ => $"The agent reported an error ({subtype ?? "unknown"})",
        };
    }

    private static void WriteCopy(Utf8JsonWriter writer, JsonElement source, string name, string? outputName = null)
    {
        if (source.TryGetProperty(name, out var value))
        {
            writer.WritePropertyName(outputName ?? name);
            value.WriteTo(writer);
        }
    }

    private static string WriteObject(Action<Utf8JsonWriter> body)
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

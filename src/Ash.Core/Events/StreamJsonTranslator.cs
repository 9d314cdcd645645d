using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Ash.Core.Events;

/// <summary>
/// Turns one line of the Claude Code CLI's stream-json output into typed session events, with the
/// names and data shapes of Ash's SSE (ash-reference.md §2): derived events first, then the raw
/// object as <c>message</c>. Text blocks of full <c>assistant</c> messages give no text event; text
/// arrives through <c>text_delta</c> when partial messages are on.
/// </summary>
/// <remarks>
/// Event data stays UTF-8 (issue 14): the raw <c>message</c> is the line's own bytes, derived events are written
/// as UTF-8, and the same bytes go to the log, the bus and the SSE frame. A line's type is peeked without a
/// document (<see cref="LinePeek"/>), and a delta is read from its own bytes, which the peek found; only full
/// messages, and the rare partial message that opens a response, are parsed into one.
/// </remarks>
public static class StreamJsonTranslator
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <param name="line">One line without its newline; it becomes the raw <c>message</c> event's data, so it must not change afterwards.</param>
    public static AgentLine Translate(byte[] line, bool includePartialMessages, List<PendingEvent> output)
    {
        if (!Utf8.IsValid(line))
        {
            // As decoding it to text always did: invalid bytes become U+FFFD, so clients and the log get valid UTF-8.
            line = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line));
        }

        var peek = LinePeek.Of(line);
        if (!peek.IsObject)
        {
            return AgentLine.Invalid;
        }

        var result = new AgentLine(AgentLineKind.Message, false, null, null);
        var before = output.Count;
        try
        {
            switch (peek.Type)
            {
                case LineType.ControlResponse:
                    return new AgentLine(AgentLineKind.ControlResponse, false, null, null);
                case LineType.StreamEvent when !includePartialMessages:
                    // The process always streams partial messages; turns that did not ask for them
                    // get neither the deltas nor the raw partial objects.
                    return new AgentLine(AgentLineKind.Skipped, false, null, null) { ModelResponseId = StartedResponseId(line, peek) };
                case LineType.StreamEvent or LineType.Assistant or LineType.User or LineType.Result:
                    result = TranslateObject(line, peek, output, result);
                    break;
                default:
                    break;
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or JsonException or ArgumentException)
        {
            // A known message type with values of the wrong kind (a number where a string or an object
            // belongs): not the protocol. The line's partial events are dropped with it.
            output.RemoveRange(before, output.Count - before);
            return AgentLine.Invalid;
        }

        output.Add(new PendingEvent(EventTypes.Message, line));
        if (peek.Type is LineType.Assistant or LineType.Result)
        {
            result = result with { HistoryMessage = Encoding.UTF8.GetString(line) };
        }

        return result;
    }

    private static AgentLine TranslateObject(byte[] line, LinePeek peek, List<PendingEvent> output, AgentLine result)
    {
        if (peek.Type == LineType.StreamEvent)
        {
            if (DeltaOf(line.AsSpan(peek.Delta)) is { } delta)
            {
                // Stored once, in the raw message that follows (always in the same batch): DerivedDeltaData rebuilds it.
                output.Add(new PendingEvent(delta.Type, delta.Data) { DataInNextEvent = true });
            }

            return result with { ModelResponseId = StartedResponseId(line, peek) };
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        switch (peek.Type)
        {
            case LineType.Assistant:
                AddAssistant(root, output);
                result = result with { ModelResponseId = MainAgentResponseId(root) };
                break;
            case LineType.User:
                AddToolResults(root, output);
                break;
            case LineType.Result:
                result = AddResult(root, output);
                break;
            default:
                break;
        }

        return result;
    }

    /// <summary>
    /// The data of the delta event derived from a raw <c>stream_event</c> line, as <see cref="Translate"/> made it:
    /// how the event log rebuilds what it stored only once. Null when the line holds no delta.
    /// </summary>
    public static byte[]? DerivedDeltaData(byte[] rawLine)
    {
        try
        {
            return DeltaOf(rawLine.AsSpan(LinePeek.Of(rawLine).Delta))?.Data;
        }
        catch (Exception exception) when (exception is InvalidOperationException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The event a <c>content_block_delta</c>'s <c>delta</c> object gives, read from its bytes alone (<see cref="LinePeek.Delta"/>;
    /// empty: none). As in a document, the last of repeated names wins.
    /// </summary>
    /// <exception cref="InvalidOperationException">The delta's <c>type</c> is not a string.</exception>
    private static (string Type, byte[] Data)? DeltaOf(ReadOnlySpan<byte> delta)
    {
        if (delta.IsEmpty)
        {
            return null;
        }

        // Each the whole JSON of its value, empty when the object has no such property.
        ReadOnlySpan<byte> type = default, text = default, thinking = default;
        var reader = new Utf8JsonReader(delta);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isText = reader.ValueTextEquals("text"u8);
            var isThinking = reader.ValueTextEquals("thinking"u8);
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var value = delta[start..(int)reader.BytesConsumed];
            if (isType)
            {
                type = value;
            }
            else if (isText)
            {
                text = value;
            }
            else if (isThinking)
            {
                thinking = value;
            }
        }

        if (type.IsEmpty)
        {
            return null;
        }

        if (!IsString(type))
        {
            throw new InvalidOperationException("A delta's type must be a string");
        }

        var typeReader = new Utf8JsonReader(type);
        typeReader.Read();
        if (typeReader.ValueTextEquals("text_delta"u8))
        {
            return IsString(text) ? (EventTypes.TextDelta, DeltaData(text)) : null;
        }

        if (typeReader.ValueTextEquals("thinking_delta"u8))
        {
            return IsString(thinking) ? (EventTypes.ThinkingDelta, DeltaData(thinking)) : null;
        }

        // Ash forwards other deltas (input_json_delta, signature_delta, …) under their own names.
        return typeReader.GetString() is { Length: > 0 } otherType ? (otherType, delta.ToArray()) : null;
    }

    private static bool IsString(ReadOnlySpan<byte> value) => !value.IsEmpty && value[0] == (byte)'"';

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
                output.Add(new PendingEvent(otherType, RawBytes(block)));
            }
        }
    }

    /// <summary>
    /// The id of the model response a main-agent <c>message_start</c> partial message opens; null for any other. Such
    /// a line comes once per response: it alone of the partial messages is parsed into a document.
    /// </summary>
    private static string? StartedResponseId(byte[] line, LinePeek peek)
    {
        if (peek.EventType != StreamEventType.MessageStart)
        {
            return null;
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.TryGetProperty("parent_tool_use_id", out var parent) && parent.ValueKind != JsonValueKind.Null)
        {
            return null;
        }

        return root.TryGetProperty("event", out var streamEvent)
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

    /// <summary>An element's JSON exactly as the line has it, as its own bytes.</summary>
    private static byte[] RawBytes(JsonElement element) => JsonMarshal.GetRawUtf8Value(element).ToArray();

    /// <summary><c>{"delta": text}</c>, the text (a string token) re-escaped as the writer does, so a rebuilt delta matches the live one.</summary>
    private static byte[] DeltaData(ReadOnlySpan<byte> text)
    {
        var reader = new Utf8JsonReader(text);
        reader.Read();
        var writer = StartObject(out var buffer);
        if (!reader.ValueIsEscaped)
        {
            // No escapes: the bytes between the quotes are the value itself, with no string made of them.
            writer.WriteString("delta"u8, reader.ValueSpan);
        }
        else
        {
            writer.WriteString("delta"u8, reader.GetString());
        }

        return EndObject(writer, buffer);
    }

    private static byte[] WriteObject(Action<Utf8JsonWriter> body)
    {
        var writer = StartObject(out var buffer);
        body(writer);
        return EndObject(writer, buffer);
    }

    /// <summary>One writer and buffer per thread, reset for each object: no writer or buffer is allocated per event.</summary>
    private static Utf8JsonWriter StartObject(out ArrayBufferWriter<byte> buffer)
    {
        buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        return writer;
    }

    private static byte[] EndObject(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        writer.WriteEndObject();
        writer.Flush();
        var data = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            // A huge tool input must not stay pinned to the thread.
            t_buffer = null;
        }

        return data;
    }
}

using System.Text.Json;

namespace Ash.Core.Events;

/// <summary>
/// What one agent output line is, read with a forward-only <see cref="Utf8JsonReader"/> and no document: whether
/// it is one whole JSON object (the reader checks every token of it, as parsing it would), its top-level
/// <c>type</c>, and for a <c>stream_event</c> its <c>event.type</c>. Lines that need nothing more are never
/// parsed into a document (STYLE.md §11; issue 14: a document per line was the largest cost of translating).
/// </summary>
public readonly record struct LinePeek(bool IsObject, LineType Type, StreamEventType EventType)
{
    private static readonly LinePeek NotAnObject = new(false, LineType.Other, StreamEventType.Other);

    /// <summary>Never throws: malformed, truncated or over-deep JSON, and anything but an object, is <see cref="IsObject"/> false.</summary>
    public static LinePeek Of(ReadOnlySpan<byte> line)
    {
        try
        {
            return Read(line);
        }
        catch (JsonException)
        {
            return NotAnObject;
        }
    }

    private static LinePeek Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return NotAnObject;
        }

        var type = LineType.Other;
        var eventType = StreamEventType.Other;

        // As a document's property lookup does, the last of repeated names wins.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.TokenType == JsonTokenType.String ? TypeOf(ref reader) : LineType.Other;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                reader.Read();
                eventType = reader.TokenType == JsonTokenType.StartObject ? ReadEventType(ref reader) : StreamEventType.Other;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // The object's end, then nothing but whitespace: trailing content throws (caught by the caller).
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return NotAnObject;
        }

        return new LinePeek(true, type, type == LineType.StreamEvent ? eventType : StreamEventType.Other);
    }

    /// <summary>Reads the <c>event</c> object through its end; returns its <c>type</c>.</summary>
    private static StreamEventType ReadEventType(ref Utf8JsonReader reader)
    {
        var eventType = StreamEventType.Other;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType)
            {
                eventType = reader.TokenType != JsonTokenType.String ? StreamEventType.Other
                    : reader.ValueTextEquals("content_block_delta"u8) ? StreamEventType.ContentBlockDelta
                    : reader.ValueTextEquals("message_start"u8) ? StreamEventType.MessageStart
                    : StreamEventType.Other;
            }

            reader.Skip();
        }

        return eventType;
    }

    private static LineType TypeOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("stream_event"u8) ? LineType.StreamEvent
        : reader.ValueTextEquals("assistant"u8) ? LineType.Assistant
        : reader.ValueTextEquals("user"u8) ? LineType.User
        : reader.ValueTextEquals("result"u8) ? LineType.Result
        : reader.ValueTextEquals("system"u8) ? LineType.System
        : reader.ValueTextEquals("control_response"u8) ? LineType.ControlResponse
        : LineType.Other;
}

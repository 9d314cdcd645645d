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

    /// <summary>
    /// Where the <c>event.delta</c> object of a <c>content_block_delta</c> lies in the line (empty for any other line):
    /// deltas, the most frequent lines of a streamed turn, are translated from these bytes alone, with no document.
    /// </summary>
    public Range Delta { get; init; }

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
        Range delta = default;

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
                (eventType, delta) = reader.TokenType == JsonTokenType.StartObject ? ReadEvent(ref reader) : (StreamEventType.Other, default);
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

        return type != LineType.StreamEvent
            ? new LinePeek(true, type, StreamEventType.Other)
            : new LinePeek(true, type, eventType) { Delta = eventType == StreamEventType.ContentBlockDelta ? delta : default };
    }

    /// <summary>Reads the <c>event</c> object through its end; returns its <c>type</c>, and where its <c>delta</c> object lies.</summary>
    private static (StreamEventType Type, Range Delta) ReadEvent(ref Utf8JsonReader reader)
    {
        var eventType = StreamEventType.Other;
        Range delta = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                eventType = reader.TokenType != JsonTokenType.String ? StreamEventType.Other
                    : reader.ValueTextEquals("content_block_delta"u8) ? StreamEventType.ContentBlockDelta
                    : reader.ValueTextEquals("message_start"u8) ? StreamEventType.MessageStart
                    : StreamEventType.Other;
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
                delta = isObject ? start..(int)reader.BytesConsumed : default;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        return (eventType, delta);
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

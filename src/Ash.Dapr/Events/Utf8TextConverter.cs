using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ash.Dapr.Events;

/// <summary>
/// An event's UTF-8 data as a JSON string on the topic, as it was when events carried their data as text: the
/// message reads the same, and the bytes are escaped and unescaped without a string between (issue 14).
/// </summary>
internal sealed class Utf8TextConverter : JsonConverter<byte[]>
{
    public override bool HandleNull => false;

    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("Event data must be a JSON string");
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan.ToArray();
        }

        // Unescaped, the data is shorter than on the topic, and event data is JSON, so nearly always escaped: it is
        // unescaped into a pooled buffer, then copied once into an array of its length.
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            return buffer.AsSpan(0, reader.CopyString(buffer)).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

using System.Buffers;
using System.Text.Json;

namespace Ash.Core.Sessions.Actors;

/// <summary>Builds the stream-json lines we write to the agent's stdin.</summary>
public static class UserMessageLine
{
    public static byte[] ForUserMessage(string contentJson)
    {
        var buffer = new ArrayBufferWriter<byte>(contentJson.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "user");
            writer.WriteStartObject("message");
            writer.WriteString("role", "user");
            writer.WritePropertyName("content");
            writer.WriteRawValue(contentJson, skipInputValidation: false);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] ForInterrupt(string requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "control_request");
            writer.WriteString("request_id", requestId);
            writer.WriteStartObject("request");
            writer.WriteString("subtype", "interrupt");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

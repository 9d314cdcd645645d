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
            WriteOnOneLine(writer, contentJson);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The content as the client sent it, which may be spread over lines (a pretty-printed request body): a line break
    // outside a JSON string can only be whitespace between tokens, and one would split the stdin line in two.
    private static void WriteOnOneLine(Utf8JsonWriter writer, string contentJson)
    {
        if (contentJson.AsSpan().IndexOfAny('\r', '\n') < 0)
        {
            writer.WriteRawValue(contentJson, skipInputValidation: false);
            return;
        }

        using var document = JsonDocument.Parse(contentJson);
        document.RootElement.WriteTo(writer);
    }

    public static byte[] ForInterrupt(string requestId) => ForControl(requestId, "interrupt", static _ => { });

    /// <summary>Switches the model; null goes back to the session's own (the process's <c>--model</c> or the agent's).</summary>
    public static byte[] ForSetModel(string requestId, string? model) =>
        ForControl(requestId, "set_model", w => WriteStringOrNull(w, "model", model));

    /// <summary>Sets the thinking budget (0: thinking off); null goes back to the session's default thinking.</summary>
    public static byte[] ForSetMaxThinkingTokens(string requestId, int? maxThinkingTokens) =>
        ForControl(requestId, "set_max_thinking_tokens", w =>
        {
            if (maxThinkingTokens is { } tokens)
            {
                w.WriteNumber("max_thinking_tokens", tokens);
            }
            else
            {
                w.WriteNull("max_thinking_tokens");
            }
        });

    /// <summary>Sets the effort level in the CLI's session-scoped settings layer; null clears it back to the default.</summary>
    public static byte[] ForSetEffort(string requestId, string? effort) =>
        ForControl(requestId, "apply_flag_settings", w =>
        {
            w.WriteStartObject("settings");
            WriteStringOrNull(w, "effortLevel", effort);
            w.WriteEndObject();
        });

    private static byte[] ForControl(string requestId, string subtype, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "control_request");
            writer.WriteString("request_id", requestId);
            writer.WriteStartObject("request");
            writer.WriteString("subtype", subtype);
            body(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}

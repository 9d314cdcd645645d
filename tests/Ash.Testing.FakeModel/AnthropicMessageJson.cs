using System.Text.Json;

namespace Ash.Testing.FakeModel;

/// <summary>Writes a whole assistant message object, the answer to a request with <c>"stream": false</c>.</summary>
internal static class AnthropicMessageJson
{
    public static void Write(Utf8JsonWriter writer, ScriptedReply reply, string messageId, ReportedUsage usage)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, messageId);
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteString("model"u8, usage.Model);
        writer.WriteStartArray("content"u8);
        foreach (var block in reply.Blocks)
        {
            WriteBlock(writer, block);
        }

        writer.WriteEndArray();
        writer.WriteString("stop_reason"u8, reply.StopReason);
        writer.WriteNull("stop_sequence"u8);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, usage.InputTokens);
        writer.WriteNumber("cache_creation_input_tokens"u8, usage.CacheCreationTokens);
        writer.WriteNumber("cache_read_input_tokens"u8, usage.CacheReadTokens);
        writer.WriteNumber("output_tokens"u8, usage.OutputTokens);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteBlock(Utf8JsonWriter writer, ReplyBlock block)
    {
        writer.WriteStartObject();
        switch (block)
        {
            case TextReplyBlock text:
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, text.Text);
                break;
            case ToolUseReplyBlock toolUse:
                writer.WriteString("type"u8, "tool_use"u8);
                writer.WriteString("id"u8, toolUse.Id);
                writer.WriteString("name"u8, toolUse.Name);
                writer.WritePropertyName("input"u8);
                writer.WriteRawValue(toolUse.InputJson);
                break;
            case ThinkingReplyBlock thinking:
                writer.WriteString("type"u8, "thinking"u8);
                writer.WriteString("thinking"u8, thinking.Thinking);
                writer.WriteString("signature"u8, thinking.Signature);
                break;
        }

        writer.WriteEndObject();
    }
}

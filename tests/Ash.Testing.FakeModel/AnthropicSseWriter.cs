using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ash.Testing.FakeModel;

/// <summary>
/// Writes Messages API stream events (<c>event: name\ndata: json\n\n</c>) straight into the response pipe,
/// flushing each one so the client sees deltas as they are produced; or, for Bedrock's
/// <c>invoke-with-response-stream</c>, the same events each in an event-stream frame (<see cref="BedrockEventFrame"/>).
/// </summary>
/// <remarks>Event shapes follow https://docs.anthropic.com/en/docs/build-with-claude/streaming.</remarks>
internal sealed class AnthropicSseWriter(PipeWriter output, bool bedrockFrames = false) : IDisposable
{
    private readonly Utf8JsonWriter json = new(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    private readonly ArrayBufferWriter<byte> frameEvent = new(1024);

    public ValueTask<FlushResult> MessageStartAsync(string messageId, ReportedUsage usage, CancellationToken cancellationToken)
    {
        var writer = BeginEvent("message_start"u8);
        writer.WriteString("type"u8, "message_start"u8);
        writer.WriteStartObject("message"u8);
        writer.WriteString("id"u8, messageId);
        writer.WriteString("type"u8, "message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        writer.WriteString("model"u8, usage.Model);
        writer.WriteStartArray("content"u8);
        writer.WriteEndArray();
        writer.WriteNull("stop_reason"u8);
        writer.WriteNull("stop_sequence"u8);
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("input_tokens"u8, usage.InputTokens);
        writer.WriteNumber("cache_creation_input_tokens"u8, usage.CacheCreationTokens);
        writer.WriteNumber("cache_read_input_tokens"u8, usage.CacheReadTokens);
        writer.WriteNumber("output_tokens"u8, 1);
        writer.WriteEndObject();
        writer.WriteEndObject();
        return EndEventAsync(cancellationToken);
    }

    public ValueTask<FlushResult> PingAsync(CancellationToken cancellationToken)
    {
        var writer = BeginEvent("ping"u8);
        writer.WriteString("type"u8, "ping"u8);
        return EndEventAsync(cancellationToken);
    }

    public ValueTask<FlushResult> ContentBlockStartAsync(int index, ReplyBlock block, CancellationToken cancellationToken)
    {
        var writer = BeginEvent("content_block_start"u8);
        writer.WriteString("type"u8, "content_block_start"u8);
        writer.WriteNumber("index"u8, index);
        writer.WriteStartObject("content_block"u8);
        switch (block)
        {
            case TextReplyBlock:
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, ""u8);
                break;
            case ToolUseReplyBlock toolUse:
                writer.WriteString("type"u8, "tool_use"u8);
                writer.WriteString("id"u8, toolUse.Id);
                writer.WriteString("name"u8, toolUse.Name);
                writer.WriteStartObject("input"u8);
                writer.WriteEndObject();
                break;
            case ThinkingReplyBlock:
                writer.WriteString("type"u8, "thinking"u8);
                writer.WriteString("thinking"u8, ""u8);
                writer.WriteString("signature"u8, ""u8);
                break;
        }

        writer.WriteEndObject();
        return EndEventAsync(cancellationToken);
    }

    public ValueTask<FlushResult> TextDeltaAsync(int index, string text, CancellationToken cancellationToken) =>
        ContentBlockDeltaAsync(index, "text_delta"u8, "text"u8, text, cancellationToken);

    public ValueTask<FlushResult> InputJsonDeltaAsync(int index, string partialJson, CancellationToken cancellationToken) =>
        ContentBlockDeltaAsync(index, "input_json_delta"u8, "partial_json"u8, partialJson, cancellationToken);

    public ValueTask<FlushResult> ThinkingDeltaAsync(int index, string thinking, CancellationToken cancellationToken) =>
        ContentBlockDeltaAsync(index, "thinking_delta"u8, "thinking"u8, thinking, cancellationToken);

    public ValueTask<FlushResult> SignatureDeltaAsync(int index, string signature, CancellationToken cancellationToken) =>
        ContentBlockDeltaAsync(index, "signature_delta"u8, "signature"u8, signature, cancellationToken);

    public ValueTask<FlushResult> ContentBlockStopAsync(int index, CancellationToken cancellationToken)
    {
        var writer = BeginEvent("content_block_stop"u8);
        writer.WriteString("type"u8, "content_block_stop"u8);
        writer.WriteNumber("index"u8, index);
        return EndEventAsync(cancellationToken);
    }

    public ValueTask<FlushResult> MessageDeltaAsync(string stopReason, int outputTokens, CancellationToken cancellationToken)
    {
        var writer = BeginEvent("message_delta"u8);
        writer.WriteString("type"u8, "message_delta"u8);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("stop_reason"u8, stopReason);
        writer.WriteNull("stop_sequence"u8);
        writer.WriteEndObject();
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("output_tokens"u8, outputTokens);
        writer.WriteEndObject();
        return EndEventAsync(cancellationToken);
    }

    public ValueTask<FlushResult> MessageStopAsync(CancellationToken cancellationToken)
    {
        var writer = BeginEvent("message_stop"u8);
        writer.WriteString("type"u8, "message_stop"u8);
        return EndEventAsync(cancellationToken);
    }

    public void Dispose() => json.Dispose();

    private ValueTask<FlushResult> ContentBlockDeltaAsync(
        int index, ReadOnlySpan<byte> deltaType, ReadOnlySpan<byte> field, string value, CancellationToken cancellationToken)
    {
        var writer = BeginEvent("content_block_delta"u8);
        writer.WriteString("type"u8, "content_block_delta"u8);
        writer.WriteNumber("index"u8, index);
        writer.WriteStartObject("delta"u8);
        writer.WriteString("type"u8, deltaType);
        writer.WriteString(field, value);
        writer.WriteEndObject();
        return EndEventAsync(cancellationToken);
    }

    private Utf8JsonWriter BeginEvent(ReadOnlySpan<byte> name)
    {
        if (bedrockFrames)
        {
            frameEvent.ResetWrittenCount();
            json.Reset(frameEvent);
        }
        else
        {
            output.Write("event: "u8);
            output.Write(name);
            output.Write("\ndata: "u8);
            json.Reset(output);
        }

        json.WriteStartObject();
        return json;
    }

    private ValueTask<FlushResult> EndEventAsync(CancellationToken cancellationToken)
    {
        json.WriteEndObject();
        json.Flush();
        if (bedrockFrames)
        {
            BedrockEventFrame.WriteChunk(output, frameEvent.WrittenSpan);
        }
        else
        {
            output.Write("\n\n"u8);
        }

        return output.FlushAsync(cancellationToken);
    }
}

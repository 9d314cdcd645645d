using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ash.Testing.StreamJson;

/// <summary>
/// Writes the Claude CLI's stream-json output lines for one session (<c>system/init</c>, partial
/// <c>stream_event</c>s, <c>assistant</c>, <c>result</c>, <c>control_response</c>), each a whole JSON
/// object and newline built in one reused buffer. Not thread-safe: a caller writing from several
/// threads holds its own lock.
/// </summary>
public sealed class StreamJsonLines
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly string _sessionId;
    private readonly string _model;
    private readonly string _messageId;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public StreamJsonLines(string sessionId, string model, string messageId)
    {
        _sessionId = sessionId;
        _model = model;
        _messageId = messageId;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    public void WriteInit(Stream output, string workingDirectory) =>
        output.Write(Build(w =>
        {
            w.WriteString("type"u8, "system"u8);
            w.WriteString("subtype"u8, "init"u8);
            w.WriteString("session_id"u8, _sessionId);
            w.WriteString("model"u8, _model);
            w.WriteStartArray("tools"u8);
            w.WriteEndArray();
            w.WriteString("cwd"u8, workingDirectory);
        }));

    /// <summary>The partial-message events of one text reply (what <c>--include-partial-messages</c> adds).</summary>
    public void WritePartialMessage(Stream output, string text)
    {
        WriteStreamEvent(output, w =>
        {
            w.WriteString("type"u8, "message_start"u8);
            w.WriteStartObject("message"u8);
            WriteMessageFields(w, text: null);
            w.WriteEndObject();
        });
        WriteStreamEvent(output, w =>
        {
            w.WriteString("type"u8, "content_block_start"u8);
            w.WriteNumber("index"u8, 0);
            w.WriteStartObject("content_block"u8);
            w.WriteString("type"u8, "text"u8);
            w.WriteString("text"u8, ""u8);
            w.WriteEndObject();
        });
        WriteStreamEvent(output, w =>
        {
            w.WriteString("type"u8, "content_block_delta"u8);
            w.WriteNumber("index"u8, 0);
            w.WriteStartObject("delta"u8);
            w.WriteString("type"u8, "text_delta"u8);
            w.WriteString("text"u8, text);
            w.WriteEndObject();
        });
        WriteStreamEvent(output, w =>
        {
            w.WriteString("type"u8, "content_block_stop"u8);
            w.WriteNumber("index"u8, 0);
        });
        WriteStreamEvent(output, w =>
        {
            w.WriteString("type"u8, "message_delta"u8);
            w.WriteStartObject("delta"u8);
            w.WriteString("stop_reason"u8, "end_turn"u8);
            w.WriteNull("stop_sequence"u8);
            w.WriteEndObject();
            WriteUsage(w);
        });
        WriteStreamEvent(output, w => w.WriteString("type"u8, "message_stop"u8));
    }

    public void WriteAssistant(Stream output, string text) => output.Write(BuildAssistant(text));

    /// <summary>An assistant line; the span is valid until the next line is built.</summary>
    public ReadOnlySpan<byte> BuildAssistant(string text) =>
        Build(w =>
        {
            w.WriteString("type"u8, "assistant"u8);
            w.WriteStartObject("message"u8);
            WriteMessageFields(w, text);
            w.WriteEndObject();
            w.WriteNull("parent_tool_use_id"u8);
            w.WriteString("session_id"u8, _sessionId);
        });

    public void WriteResult(Stream output, string text, bool isError = false, string subtype = "success", int numTurns = 1) =>
        output.Write(Build(w =>
        {
            w.WriteString("type"u8, "result"u8);
            w.WriteString("subtype"u8, subtype);
            w.WriteBoolean("is_error"u8, isError);
            w.WriteNumber("duration_ms"u8, 0);
            w.WriteNumber("duration_api_ms"u8, 0);
            w.WriteNumber("num_turns"u8, numTurns);
            w.WriteString("result"u8, text);
            w.WriteString("session_id"u8, _sessionId);
            w.WriteNumber("total_cost_usd"u8, 0);
            WriteUsage(w);
        }));

    public void WriteControlSuccess(Stream output, string? requestId) =>
        output.Write(Build(w =>
        {
            w.WriteString("type"u8, "control_response"u8);
            w.WriteStartObject("response"u8);
            w.WriteString("subtype"u8, "success"u8);
            w.WriteString("request_id"u8, requestId);
            w.WriteEndObject();
        }));

    private void WriteStreamEvent(Stream output, Action<Utf8JsonWriter> writeEvent) =>
        output.Write(Build(w =>
        {
            w.WriteString("type"u8, "stream_event"u8);
            w.WriteStartObject("event"u8);
            writeEvent(w);
            w.WriteEndObject();
            w.WriteNull("parent_tool_use_id"u8);
            w.WriteString("session_id"u8, _sessionId);
        }));

    /// <summary>A message object's fields; without text it is the empty message of <c>message_start</c>.</summary>
    private void WriteMessageFields(Utf8JsonWriter w, string? text)
    {
        w.WriteString("id"u8, _messageId);
        w.WriteString("type"u8, "message"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("model"u8, _model);
        w.WriteStartArray("content"u8);
        if (text is not null)
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "text"u8);
            w.WriteString("text"u8, text);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (text is not null)
        {
            w.WriteString("stop_reason"u8, "end_turn"u8);
        }
        else
        {
            w.WriteNull("stop_reason"u8);
        }

        w.WriteNull("stop_sequence"u8);
        WriteUsage(w);
    }

    private static void WriteUsage(Utf8JsonWriter w)
    {
        w.WriteStartObject("usage"u8);
        w.WriteNumber("input_tokens"u8, 1);
        w.WriteNumber("output_tokens"u8, 1);
        w.WriteEndObject();
    }

    private ReadOnlySpan<byte> Build(Action<Utf8JsonWriter> writeFields)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        writeFields(_writer);
        _writer.WriteEndObject();
        _writer.Flush();
        _buffer.Write("\n"u8);
        return _buffer.WrittenSpan;
    }
}

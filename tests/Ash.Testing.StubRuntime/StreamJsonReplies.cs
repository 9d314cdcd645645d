using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ash.Testing.StubRuntime;

/// <summary>
/// The stub's output in the CLI's stream-json format. Every turn gets the same answer, so its bytes are built
/// once and each reply is a single write and flush: the stub costs next to nothing next to the platform it measures.
/// </summary>
internal sealed class StreamJsonReplies
{
    private const string ReplyText = "stub reply";
    private const string Model = "stub";
    private const string MessageId = "msg_stub";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream output;
    private readonly byte[] turn;
    private readonly ArrayBufferWriter<byte> controlResponse = new(256);
    private readonly Utf8JsonWriter controlWriter;

    public StreamJsonReplies(Stream output, StubArguments arguments, string workingDirectory)
    {
        this.output = output;
        turn = BuildTurn(arguments, workingDirectory);
        controlWriter = new Utf8JsonWriter(controlResponse, WriterOptions);
    }

    public void WriteTurn()
    {
        // A clock line first: CLOCK_MONOTONIC is shared with the host (no time namespace), so the
        // benchmark can measure from this write to the moment its client reads the frame.
        Span<byte> clock = stackalloc byte[96];
        var length = 0;
        "{\"type\":\"system\",\"subtype\":\"stub_clock\",\"ts\":"u8.CopyTo(clock);
        length += 45;
        System.Buffers.Text.Utf8Formatter.TryFormat(System.Diagnostics.Stopwatch.GetTimestamp(), clock[length..], out var written);
        length += written;
        "}\n"u8.CopyTo(clock[length..]);
        length += 2;
        output.Write(clock[..length]);
        output.Write(turn);
        output.Flush();
    }

    public void WriteControlSuccess(string? requestId)
    {
        controlResponse.ResetWrittenCount();
        controlWriter.Reset(controlResponse);
        controlWriter.WriteStartObject();
        controlWriter.WriteString("type"u8, "control_response"u8);
        controlWriter.WriteStartObject("response"u8);
        controlWriter.WriteString("subtype"u8, "success"u8);
        controlWriter.WriteString("request_id"u8, requestId);
        controlWriter.WriteEndObject();
        controlWriter.WriteEndObject();
        controlWriter.Flush();
        controlResponse.Write("\n"u8);
        output.Write(controlResponse.WrittenSpan);
        output.Flush();
    }

    private static byte[] BuildTurn(StubArguments arguments, string workingDirectory)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        var sessionId = arguments.SessionId;

        WriteLine(buffer, writer, w =>
        {
            w.WriteString("type"u8, "system"u8);
            w.WriteString("subtype"u8, "init"u8);
            w.WriteString("session_id"u8, sessionId);
            w.WriteString("model"u8, Model);
            w.WriteStartArray("tools"u8);
            w.WriteEndArray();
            w.WriteString("cwd"u8, workingDirectory);
        });

        if (arguments.IncludePartialMessages)
        {
            WriteStreamEvent(buffer, writer, sessionId, WriteMessageStart);
            WriteStreamEvent(buffer, writer, sessionId, w =>
            {
                w.WriteString("type"u8, "content_block_start"u8);
                w.WriteNumber("index"u8, 0);
                w.WriteStartObject("content_block"u8);
                w.WriteString("type"u8, "text"u8);
                w.WriteString("text"u8, ""u8);
                w.WriteEndObject();
            });
            WriteStreamEvent(buffer, writer, sessionId, w =>
            {
                w.WriteString("type"u8, "content_block_delta"u8);
                w.WriteNumber("index"u8, 0);
                w.WriteStartObject("delta"u8);
                w.WriteString("type"u8, "text_delta"u8);
                w.WriteString("text"u8, ReplyText);
                w.WriteEndObject();
            });
            WriteStreamEvent(buffer, writer, sessionId, w =>
            {
                w.WriteString("type"u8, "content_block_stop"u8);
                w.WriteNumber("index"u8, 0);
            });
            WriteStreamEvent(buffer, writer, sessionId, w =>
            {
                w.WriteString("type"u8, "message_delta"u8);
                w.WriteStartObject("delta"u8);
                w.WriteString("stop_reason"u8, "end_turn"u8);
                w.WriteNull("stop_sequence"u8);
                w.WriteEndObject();
                WriteUsage(w);
            });
            WriteStreamEvent(buffer, writer, sessionId, w => w.WriteString("type"u8, "message_stop"u8));
        }

        WriteLine(buffer, writer, w =>
        {
            w.WriteString("type"u8, "assistant"u8);
            w.WriteStartObject("message"u8);
            WriteMessageFields(w, withContent: true);
            w.WriteEndObject();
            w.WriteNull("parent_tool_use_id"u8);
            w.WriteString("session_id"u8, sessionId);
        });

        WriteLine(buffer, writer, w =>
        {
            w.WriteString("type"u8, "result"u8);
            w.WriteString("subtype"u8, "success"u8);
            w.WriteBoolean("is_error"u8, false);
            w.WriteNumber("duration_ms"u8, 0);
            w.WriteNumber("duration_api_ms"u8, 0);
            w.WriteNumber("num_turns"u8, 1);
            w.WriteString("result"u8, ReplyText);
            w.WriteString("session_id"u8, sessionId);
            w.WriteNumber("total_cost_usd"u8, 0);
            WriteUsage(w);
        });

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessageStart(Utf8JsonWriter w)
    {
        w.WriteString("type"u8, "message_start"u8);
        w.WriteStartObject("message"u8);
        WriteMessageFields(w, withContent: false);
        w.WriteEndObject();
    }

    private static void WriteMessageFields(Utf8JsonWriter w, bool withContent)
    {
        w.WriteString("id"u8, MessageId);
        w.WriteString("type"u8, "message"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("model"u8, Model);
        w.WriteStartArray("content"u8);
        if (withContent)
        {
            w.WriteStartObject();
            w.WriteString("type"u8, "text"u8);
            w.WriteString("text"u8, ReplyText);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (withContent)
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

    private static void WriteStreamEvent(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer, string sessionId, Action<Utf8JsonWriter> writeEvent) =>
        WriteLine(buffer, writer, w =>
        {
            w.WriteString("type"u8, "stream_event"u8);
            w.WriteStartObject("event"u8);
            writeEvent(w);
            w.WriteEndObject();
            w.WriteNull("parent_tool_use_id"u8);
            w.WriteString("session_id"u8, sessionId);
        });

    private static void WriteLine(ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer, Action<Utf8JsonWriter> writeFields)
    {
        writer.Reset(buffer);
        writer.WriteStartObject();
        writeFields(writer);
        writer.WriteEndObject();
        writer.Flush();
        buffer.Write("\n"u8);
    }
}

using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ash.Testing.ProbeRuntime;

/// <summary>
/// The probe's stdout in the CLI's stream-json format, in the stub runtime's turn shape: <c>system/init</c>
/// once, then per turn an <c>assistant</c> message (with partial <c>stream_event</c>s first when asked
/// for) and a <c>result</c>. Turns and control acknowledgements come from different threads, so every
/// write holds one lock and ends on a whole line.
/// </summary>
internal sealed class StreamJsonOutput
{
    private const string Model = "probe";
    private const string MessageId = "msg_probe";
    private const int PadChunkBytes = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _lock = new();
    private readonly Stream _output;
    private readonly ProbeArguments _arguments;
    private readonly string _workingDirectory;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;
    private bool _initWritten;

    public StreamJsonOutput(Stream output, ProbeArguments arguments, string workingDirectory)
    {
        _output = output;
        _arguments = arguments;
        _workingDirectory = workingDirectory;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>One whole turn answering with <paramref name="text"/>; an error turn ends with an error result.</summary>
    public void WriteTurn(string text, bool isError = false, string subtype = "success")
    {
        lock (_lock)
        {
            WriteInitOnce();
            if (_arguments.IncludePartialMessages)
            {
                WritePartialMessage(text);
            }

            WriteLine(w => WriteAssistant(w, text));
            WriteResult(text, isError, subtype, numTurns: 1);
            _output.Flush();
        }
    }

    /// <summary>An output flood: <paramref name="count"/> assistant lines of <paramref name="size"/> bytes of text each, as fast as the pipe takes them.</summary>
    public void WriteFlood(int count, int size)
    {
        lock (_lock)
        {
            WriteInitOnce();
            var text = new string('x', size);
            var line = BuildLine(w => WriteAssistant(w, text)).ToArray();
            for (var i = 0; i < count; i++)
            {
                _output.Write(line);
            }

            WriteSummary($"wrote {count} lines of {size} bytes");
            _output.Flush();
        }
    }

    /// <summary>
    /// One assistant line of exactly <paramref name="bytes"/> bytes (newline not counted; at least the
    /// JSON around the text), streamed in chunks so the probe never holds it, then a result line.
    /// </summary>
    public void WriteGiantLine(long bytes)
    {
        lock (_lock)
        {
            WriteInitOnce();
            const string Marker = "@@PAD@@";
            var whole = Encoding.UTF8.GetString(BuildLine(w => WriteAssistant(w, Marker)));
            var split = whole.IndexOf(Marker, StringComparison.Ordinal);
            var prefix = Encoding.UTF8.GetBytes(whole[..split]);
            var suffix = Encoding.UTF8.GetBytes(whole[(split + Marker.Length)..]);

            // The suffix includes the line's newline, which does not count towards the line's length.
            var padding = Math.Max(0, bytes - prefix.Length - (suffix.Length - 1));
            _output.Write(prefix);
            var chunk = new byte[(int)Math.Min(PadChunkBytes, Math.Max(1, padding))];
            chunk.AsSpan().Fill((byte)'a');
            for (var left = padding; left > 0; left -= chunk.Length)
            {
                _output.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
            }

            _output.Write(suffix);
            WriteSummary($"wrote a line of {prefix.Length + padding + suffix.Length - 1} bytes");
            _output.Flush();
        }
    }

    /// <summary>Ends a directive's output like a script's: a last assistant message ending in <c>[exit 0]</c>, then the result.</summary>
    private void WriteSummary(string summary)
    {
        var text = summary + "\n[exit 0]";
        WriteLine(w => WriteAssistant(w, text));
        WriteResult(text, isError: false, "success", numTurns: 1);
    }

    public void WriteControlSuccess(string? requestId)
    {
        lock (_lock)
        {
            WriteLine(w =>
            {
                w.WriteString("type"u8, "control_response"u8);
                w.WriteStartObject("response"u8);
                w.WriteString("subtype"u8, "success"u8);
                w.WriteString("request_id"u8, requestId);
                w.WriteEndObject();
            });
            _output.Flush();
        }
    }

    private void WriteInitOnce()
    {
        if (_initWritten)
        {
            return;
        }

        _initWritten = true;
        WriteLine(w =>
        {
            w.WriteString("type"u8, "system"u8);
            w.WriteString("subtype"u8, "init"u8);
            w.WriteString("session_id"u8, _arguments.SessionId);
            w.WriteString("model"u8, Model);
            w.WriteStartArray("tools"u8);
            w.WriteEndArray();
            w.WriteString("cwd"u8, _workingDirectory);
        });
    }

    private void WritePartialMessage(string text)
    {
        WriteStreamEvent(w =>
        {
            w.WriteString("type"u8, "message_start"u8);
            w.WriteStartObject("message"u8);
            WriteMessageFields(w, text: null);
            w.WriteEndObject();
        });
        WriteStreamEvent(w =>
        {
            w.WriteString("type"u8, "content_block_start"u8);
            w.WriteNumber("index"u8, 0);
            w.WriteStartObject("content_block"u8);
            w.WriteString("type"u8, "text"u8);
            w.WriteString("text"u8, ""u8);
            w.WriteEndObject();
        });
        WriteStreamEvent(w =>
        {
            w.WriteString("type"u8, "content_block_delta"u8);
            w.WriteNumber("index"u8, 0);
            w.WriteStartObject("delta"u8);
            w.WriteString("type"u8, "text_delta"u8);
            w.WriteString("text"u8, text);
            w.WriteEndObject();
        });
        WriteStreamEvent(w =>
        {
            w.WriteString("type"u8, "content_block_stop"u8);
            w.WriteNumber("index"u8, 0);
        });
        WriteStreamEvent(w =>
        {
            w.WriteString("type"u8, "message_delta"u8);
            w.WriteStartObject("delta"u8);
            w.WriteString("stop_reason"u8, "end_turn"u8);
            w.WriteNull("stop_sequence"u8);
            w.WriteEndObject();
            WriteUsage(w);
        });
        WriteStreamEvent(w => w.WriteString("type"u8, "message_stop"u8));
    }

    private void WriteAssistant(Utf8JsonWriter w, string text)
    {
        w.WriteString("type"u8, "assistant"u8);
        w.WriteStartObject("message"u8);
        WriteMessageFields(w, text);
        w.WriteEndObject();
        w.WriteNull("parent_tool_use_id"u8);
        w.WriteString("session_id"u8, _arguments.SessionId);
    }

    private void WriteResult(string text, bool isError, string subtype, int numTurns) =>
        WriteLine(w =>
        {
            w.WriteString("type"u8, "result"u8);
            w.WriteString("subtype"u8, subtype);
            w.WriteBoolean("is_error"u8, isError);
            w.WriteNumber("duration_ms"u8, 0);
            w.WriteNumber("duration_api_ms"u8, 0);
            w.WriteNumber("num_turns"u8, numTurns);
            w.WriteString("result"u8, text);
            w.WriteString("session_id"u8, _arguments.SessionId);
            w.WriteNumber("total_cost_usd"u8, 0);
            WriteUsage(w);
        });

    private static void WriteMessageFields(Utf8JsonWriter w, string? text)
    {
        w.WriteString("id"u8, MessageId);
        w.WriteString("type"u8, "message"u8);
        w.WriteString("role"u8, "assistant"u8);
        w.WriteString("model"u8, Model);
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

    private void WriteStreamEvent(Action<Utf8JsonWriter> writeEvent) =>
        WriteLine(w =>
        {
            w.WriteString("type"u8, "stream_event"u8);
            w.WriteStartObject("event"u8);
            writeEvent(w);
            w.WriteEndObject();
            w.WriteNull("parent_tool_use_id"u8);
            w.WriteString("session_id"u8, _arguments.SessionId);
        });

    /// <summary>Writes one JSON object line (without flushing).</summary>
    private void WriteLine(Action<Utf8JsonWriter> writeFields) => _output.Write(BuildLine(writeFields));

    /// <summary>Builds one JSON object line, newline included, in the reused buffer; valid until the next line is built.</summary>
    private ReadOnlySpan<byte> BuildLine(Action<Utf8JsonWriter> writeFields)
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

using System.Text;
using Ash.Testing.StreamJson;

namespace Ash.Testing.ProbeRuntime;

/// <summary>
/// The probe's stdout in the CLI's stream-json format, in the stub runtime's turn shape: <c>system/init</c>
/// once, then per turn an <c>assistant</c> message (with partial <c>stream_event</c>s first when asked
/// for) and a <c>result</c>. Turns and control acknowledgements come from different threads, so every
/// write holds one lock and ends on a whole line.
/// </summary>
internal sealed class StreamJsonOutput
{
    private const int PadChunkBytes = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly Stream _output;
    private readonly RuntimeArguments _arguments;
    private readonly string _workingDirectory;
    private readonly StreamJsonLines _lines;
    private bool _initWritten;

    public StreamJsonOutput(Stream output, RuntimeArguments arguments, string workingDirectory)
    {
        _output = output;
        _arguments = arguments;
        _workingDirectory = workingDirectory;
        _lines = new StreamJsonLines(arguments.SessionId, model: "probe", messageId: "msg_probe");
    }

    /// <summary>One whole turn answering with <paramref name="text"/>; an error turn ends with an error result.</summary>
    public void WriteTurn(string text, bool isError = false, string subtype = "success")
    {
        lock (_lock)
        {
            WriteInitOnce();
            if (_arguments.IncludePartialMessages)
            {
                _lines.WritePartialMessage(_output, text);
            }

            _lines.WriteAssistant(_output, text);
            _lines.WriteResult(_output, text, isError, subtype);
            _output.Flush();
        }
    }

    /// <summary>An output flood: <paramref name="count"/> assistant lines of <paramref name="size"/> bytes of text each, as fast as the pipe takes them.</summary>
    public void WriteFlood(int count, int size)
    {
        lock (_lock)
        {
            WriteInitOnce();
            var line = _lines.BuildAssistant(new string('x', size)).ToArray();
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
            var whole = Encoding.UTF8.GetString(_lines.BuildAssistant(Marker));
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

    public void WriteControlSuccess(string? requestId)
    {
        lock (_lock)
        {
            _lines.WriteControlSuccess(_output, requestId);
            _output.Flush();
        }
    }

    /// <summary>Ends a directive's output like a script's: a last assistant message ending in <c>[exit 0]</c>, then the result.</summary>
    private void WriteSummary(string summary)
    {
        var text = summary + "\n[exit 0]";
        _lines.WriteAssistant(_output, text);
        _lines.WriteResult(_output, text);
    }

    private void WriteInitOnce()
    {
        if (!_initWritten)
        {
            _initWritten = true;
            _lines.WriteInit(_output, _workingDirectory);
        }
    }
}

using Ash.Testing.StreamJson;

namespace Ash.Testing.StubRuntime;

/// <summary>
/// The stub's output in the CLI's stream-json format. Every turn gets the same answer, so its bytes are built
/// once and each reply is a single write and flush: the stub costs next to nothing next to the platform it measures.
/// </summary>
internal sealed class StreamJsonReplies
{
    private const string ReplyText = "stub reply";

    private readonly Stream output;
    private readonly StreamJsonLines lines;
    private readonly byte[] turn;

    public StreamJsonReplies(Stream output, RuntimeArguments arguments, string workingDirectory)
    {
        this.output = output;
        lines = new StreamJsonLines(arguments.SessionId, model: "stub", messageId: "msg_stub");
        turn = BuildTurn(arguments, workingDirectory);
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
        lines.WriteControlSuccess(output, requestId);
        output.Flush();
    }

    private byte[] BuildTurn(RuntimeArguments arguments, string workingDirectory)
    {
        using var bytes = new MemoryStream();
        lines.WriteInit(bytes, workingDirectory);
        if (arguments.IncludePartialMessages)
        {
            lines.WritePartialMessage(bytes, ReplyText);
        }

        lines.WriteAssistant(bytes, ReplyText);
        lines.WriteResult(bytes, ReplyText);
        return bytes.ToArray();
    }
}

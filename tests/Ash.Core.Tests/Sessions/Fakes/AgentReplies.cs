using Ash.Testing.StreamJson;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>The stdout lines the Claude CLI writes for a turn, in the shapes <see cref="StreamJsonLines"/> knows, one array per line.</summary>
public sealed class AgentReplies
{
    private readonly StreamJsonLines _lines = new(Guid.NewGuid().ToString(), "claude-test", "msg_test");

    /// <summary>A whole turn that succeeds: system init, one assistant message, its result.</summary>
    public byte[][] Turn(string text) => [.. Init(), .. Assistant(text), .. Result(text)];

    public byte[][] Init() => Lines(output => _lines.WriteInit(output, "/workspace"));

    public byte[][] Assistant(string text) => Lines(output => _lines.WriteAssistant(output, text));

    public byte[][] Result(string text) => Lines(output => _lines.WriteResult(output, text));

    /// <summary>What the CLI answers an interrupt: the control request's acknowledgement, then the turn's error result.</summary>
    public byte[][] Interrupted(string requestId) =>
    [
        .. Lines(output => _lines.WriteControlSuccess(output, requestId)),
        .. Lines(output => _lines.WriteResult(output, string.Empty, isError: true, subtype: "error_during_execution")),
    ];

    /// <summary>One written line, without its newline (the host hands lines on without it).</summary>
    private static byte[][] Lines(Action<Stream> write)
    {
        using var output = new MemoryStream();
        write(output);
        return [output.ToArray()[..^1]];
    }
}

using Ash.Client;

namespace Ash.Cli.Chat;

// Shows a turn to a person: the agent's text on stdout as it streams; tool activity and model retries as
// short lines on stderr. Other event types (thinking, usage, raw messages) are left to --json.
// sameTerminal: both streams show on one terminal, so a stderr line must start on a fresh line or it
// would be glued to the text before it. When stdout is redirected its text stays exactly as written.
internal sealed class ChatRenderer(TextWriter stdout, TextWriter stderr, bool sameTerminal)
{
    private bool _sawTextDelta;
    private bool _stdoutMidLine;

    // A turn's final result, shown when the turn streamed no text; held until the turn ends, since a failed
    // turn's result is its error text, which the error event reports (once).
    private string? _pendingResult;

    public void Render(AshEvent item)
    {
        switch (item.Type)
        {
            case AshEventTypes.TextDelta when EventData.String(item.Data, "delta") is { } delta:
                _sawTextDelta = true;
                WriteText(delta);
                break;
            case AshEventTypes.ToolUse:
                WriteStderrLine(ToolCallFormat.Call(item.Data));
                break;
            case AshEventTypes.ToolResult:
                WriteStderrLine(ToolCallFormat.Result(item.Data));
                break;
            case AshEventTypes.Message when ModelRetryNotice.From(item) is { } notice:
                WriteStderrLine(notice);
                break;

            // Without streamed deltas (a model API that does not stream, an older server) the answer
            // is still shown once, from the turn's final result.
            case AshEventTypes.TurnComplete when !_sawTextDelta && EventData.String(item.Data, "result") is { Length: > 0 } result:
                _pendingResult = result;
                break;
            case AshEventTypes.Error:
                _pendingResult = null;
                break;
            case AshEventTypes.Done:
                WritePendingResult();
                break;
        }
    }

    // Ends the agent's text with a newline, so the shell prompt does not follow it on the same line.
    public void Finish()
    {
        WritePendingResult();
        EndLine();
    }

    private void WritePendingResult()
    {
        if (_pendingResult is { } result)
        {
            _pendingResult = null;
            WriteText(result);
        }
    }

    private void EndLine()
    {
        if (_stdoutMidLine)
        {
            stdout.WriteLine();
            _stdoutMidLine = false;
        }
    }

    private void WriteText(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        stdout.Write(text);
        stdout.Flush();
        _stdoutMidLine = text[^1] != '\n';
    }

    private void WriteStderrLine(string line)
    {
        if (sameTerminal)
        {
            EndLine();
        }

        stderr.WriteLine(line);
    }
}

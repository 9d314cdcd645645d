using Ash.Client;

namespace Ash.Cli.Chat;

// Shows a turn to a person: the agent's text on stdout as it streams, tool activity as short lines on
// stderr. Other event types (thinking, usage, raw messages) are left to --json.
// sameTerminal: both streams show on one terminal, so a tool line must start on a fresh line or it
// would be glued to the text before it. When stdout is redirected its text stays exactly as written.
internal sealed class ChatRenderer(TextWriter stdout, TextWriter stderr, bool sameTerminal)
{
    private bool _sawTextDelta;
    private bool _stdoutMidLine;

    public void Render(AshEvent item)
    {
        switch (item.Type)
        {
            case AshEventTypes.TextDelta when EventData.String(item.Data, "delta") is { } delta:
                _sawTextDelta = true;
                WriteText(delta);
                break;
            case AshEventTypes.ToolUse:
                WriteToolLine(ToolCallFormat.Call(item.Data));
                break;
            case AshEventTypes.ToolResult:
                WriteToolLine(ToolCallFormat.Result(item.Data));
                break;
            // Without streamed deltas (a model API that does not stream, an older server) the answer
            // is still shown once, from the turn's final result.
            case AshEventTypes.TurnComplete when !_sawTextDelta && EventData.String(item.Data, "result") is { Length: > 0 } result:
                WriteText(result);
                break;
        }
    }

    // Ends the agent's text with a newline, so the shell prompt does not follow it on the same line.
    public void Finish()
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

    private void WriteToolLine(string line)
    {
        if (sameTerminal)
        {
            Finish();
        }

        stderr.WriteLine(line);
    }
}

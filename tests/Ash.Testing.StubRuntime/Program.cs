using Ash.Testing.StreamJson;
using Ash.Testing.StubRuntime;

// Stands in for `claude -p --input-format stream-json --output-format stream-json --verbose`: answers each
// user line at once with a fixed turn, acknowledges control requests, and exits 0 when stdin closes.
var arguments = RuntimeArguments.Parse(args);
using var stdin = Console.OpenStandardInput();
using var stdout = Console.OpenStandardOutput();
var replies = new StreamJsonReplies(stdout, arguments, Environment.CurrentDirectory);
var lines = new LineReader(stdin);

while (lines.TryReadLine(out var line))
{
    switch (InboundLine.Classify(line, out var requestId))
    {
        case InboundLineKind.User:
            replies.WriteTurn();
            break;
        case InboundLineKind.ControlRequest:
            replies.WriteControlSuccess(requestId);
            break;
    }
}

return 0;

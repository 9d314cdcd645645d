using System.CommandLine;
using Ash.Cli.Chat;

namespace Ash.Cli.Commands;

// ash sessions send <id> <message>: one turn in an existing session, streamed like chat; --raw (Ash's
// flag) prints every event as JSON, as --json does.
internal sealed class SessionsSendCommand : AshCommand
{
    private readonly Argument<string> _session = new("id")
    {
        Description = "Session id",
    };

    private readonly Argument<string> _message = new("message")
    {
        Description = "What to say",
    };

    private readonly Option<bool> _raw = new("--raw")
    {
        Description = "Print every event as a line of JSON",
    };

    public SessionsSendCommand()
        : base("send", "Send a message to a session and stream the answer")
    {
        Arguments.Add(_session);
        Arguments.Add(_message);
        Options.Add(_raw);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var sessionId = parse.GetValue(_session)!;
        using var client = context.CreateClient();
        return await TurnStream.SendAsync(
            context,
            client,
            sessionId,
            parse.GetValue(_message)!,
            json: context.Output.IsJson || parse.GetValue(_raw),
            continueWith: $"{context.Home.CommandHint} session send {sessionId} \"<message>\"",
            cancellationToken);
    }
}

using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash sessions create <agent>: starts a session and prints its id on stdout (the whole session with
// --json), so `SESSION=$(ash session create my-agent)` works as Ash's documentation writes it.
internal sealed class SessionsCreateCommand : AshCommand
{
    private readonly Argument<string> _agent = new("agent")
    {
        Description = "Agent to start the session with",
    };

    private readonly SessionOptionSet _options = new();

    public SessionsCreateCommand()
        : base("create", "Start a session with an agent")
    {
        Arguments.Add(_agent);
        _options.AddTo(this);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        var options = _options.Build(parse);

        using var client = context.CreateClient();
        var session = await client.CreateSessionAsync(parse.GetValue(_agent)!, options, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(session, CliJsonContext.Default.Session);
        }
        else
        {
            output.Line(session.Id);
            output.Note($"Next: {context.Home.CommandHint} chat --session {session.Id} \"Hello\"");
        }

        return ExitCodes.Success;
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using Ash.Cli.Chat;

namespace Ash.Cli.Commands;

// ash chat <agent> "<message>" starts a session and streams the answer;
// ash chat --session <id> "<message>" continues one.
internal sealed class ChatCommand : AshCommand
{
    // Two optional positionals rather than one per form: with --session the only word is the message,
    // and System.CommandLine fills positionals left to right, so it lands in the first.
    private readonly Argument<string?> _agent = new("agent")
    {
        Description = "Agent to start a session with (left out with --session)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Argument<string?> _message = new("message")
    {
        Description = "What to say",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> _session = new("--session", "-s")
    {
        Description = "Continue this session instead of starting one",
        HelpName = "id",
    };

    private readonly Option<bool> _end = new("--end")
    {
        Description = "End the session after this turn",
    };

    private readonly SessionOptionSet _options = new();

    public ChatCommand()
        : base("chat", "Send a message to an agent and stream its answer")
    {
        Arguments.Add(_agent);
        Arguments.Add(_message);
        Options.Add(_session);
        Options.Add(_end);
        _options.AddTo(this);
        Validators.Add(Validate);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        var sessionId = parse.GetValue(_session);
        var message = sessionId is null ? parse.GetValue(_message)! : parse.GetValue(_agent)!;
        if (sessionId is not null && _options.FirstGiven(parse) is { } option)
        {
            throw new CliException(ExitCodes.Usage, $"{option} applies to a new session; session {sessionId} keeps the options it was created with");
        }

        using var client = context.CreateClient();
        if (sessionId is null)
        {
            var session = await client.CreateSessionAsync(parse.GetValue(_agent)!, _options.Build(parse), cancellationToken);
            sessionId = session.Id;
        }

        var end = parse.GetValue(_end);
        var continueWith = end ? null : $"{context.Home.CommandHint} chat --session {sessionId} \"<message>\"";
        var exitCode = await TurnStream.SendAsync(context, client, sessionId, message, output.IsJson, continueWith, cancellationToken);
        if (end && exitCode != ExitCodes.Interrupted)
        {
            await client.EndSessionAsync(sessionId, CancellationToken.None);
            output.Note($"Ended session {sessionId}");
        }

        return exitCode;
    }

    private void Validate(CommandResult result)
    {
        var words = (result.GetValue(_agent) is null ? 0 : 1) + (result.GetValue(_message) is null ? 0 : 1);
        var error = (result.GetValue(_session) is null, words) switch
        {
            (true, < 2) => "give the agent and the message: ash chat <agent> \"<message>\"",
            (false, 0) => "give the message: ash chat --session <id> \"<message>\"",
            (false, 2) => "with --session give only the message: ash chat --session <id> \"<message>\"",
            _ => null,
        };
        if (error is not null)
        {
            result.AddError(error);
        }
    }
}

using System.CommandLine;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash sessions create <agent>: starts a session and prints its id on stdout (the whole session with
// --json), so `SESSION=$(ash session create my-agent)` works as Ash's documentation writes it.
internal sealed class SessionsCreateCommand : AshCommand
{
    private readonly Argument<string> _agent = new("agent")
    {
        Description = "Agent to start the session with",
    };

    private readonly Option<string[]> _env = EnvOption.Create("Extra environment variable for the session's sandbox (repeatable)");

    private readonly Option<string?> _model = new("--model", "-m")
    {
        Description = "Model for this session instead of the agent's",
        HelpName = "model",
    };

    public SessionsCreateCommand()
        : base("create", "Start a session with an agent")
    {
        Arguments.Add(_agent);
        Options.Add(_env);
        Options.Add(_model);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        var env = EnvOption.Parse(parse.GetValue(_env));
        var options = new CreateSessionOptions
        {
            Model = parse.GetValue(_model),
            ExtraEnv = env.Count > 0 ? env : null,
        };

        using var client = context.CreateClient();
        var session = await client.CreateSessionAsync(parse.GetValue(_agent)!, options, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(session, CliJsonContext.Default.Session);
        }
        else
        {
            await output.Out.WriteLineAsync(session.Id);
            output.WriteLine($"Next: {AshHome.CommandHint} session send {session.Id} \"Hello\"");
        }

        return ExitCodes.Success;
    }
}

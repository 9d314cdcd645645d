using System.CommandLine;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// Base of the `ash sessions <action> <id>` commands: one session id in, the session the server answers
// out; with --json that session, otherwise what happened to it (and a hint on stderr).
internal abstract class SessionLifecycleCommand : AshCommand
{
    private readonly Argument<string> _id = new("id")
    {
        Description = "Session id",
    };

    protected SessionLifecycleCommand(string name, string description)
        : base(name, description)
    {
        Arguments.Add(_id);
    }

    protected abstract Task<Session> ApplyAsync(AshClient client, string sessionId, CancellationToken cancellationToken);

    protected abstract void Describe(CliContext context, Session session);

    protected sealed override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        using var client = context.CreateClient();
        var session = await ApplyAsync(client, context.ParseResult.GetValue(_id)!, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(session, CliJsonContext.Default.Session);
        }
        else
        {
            Describe(context, session);
        }

        return ExitCodes.Success;
    }
}

using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash interrupt <session>: stops the session's running turn (its stream ends with an error, then done);
// the session stays active for the next message. Nothing running is not a failure.
internal sealed class InterruptCommand : AshCommand
{
    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id",
    };

    public InterruptCommand()
        : base("interrupt", "Stop a session's running turn")
    {
        Arguments.Add(_session);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var sessionId = context.ParseResult.GetValue(_session)!;
        using var client = context.CreateClient();
        var interrupted = await client.InterruptAsync(sessionId, cancellationToken);
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(new InterruptResult(sessionId, interrupted), CliJsonContext.Default.InterruptResult);
        }
        else
        {
            context.Output.Line(interrupted ? $"Interrupted the running turn of session {sessionId}" : $"No turn was running in session {sessionId}");
        }

        return ExitCodes.Success;
    }
}

// ash interrupt --json output. Interrupted: a turn was running and is being stopped.
internal sealed record InterruptResult(string SessionId, bool Interrupted);

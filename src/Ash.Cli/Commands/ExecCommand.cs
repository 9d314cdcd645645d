using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash exec <session> <command...>: runs a shell command in the session's sandbox. Its stdout and stderr
// are written to ours and its exit code becomes ours (124 on timeout), as with `docker exec`; --json
// prints the whole result instead and exits 0. As `ash session exec` (Ash's form) --timeout is in
// milliseconds, as Ash's CLI takes it.
internal sealed class ExecCommand : AshCommand
{
    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id (it must be active)",
    };

    private readonly Argument<string[]> _command = new("command")
    {
        Description = "The command, run with /bin/sh -c in the workspace (quote it, or put it after --)",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<double?> _timeout;

    private readonly double _unitsPerSecond;

    public ExecCommand(bool timeoutInMilliseconds = false)
        : base("exec", "Run a shell command in a session's sandbox")
    {
        _unitsPerSecond = timeoutInMilliseconds ? 1000 : 1;
        _timeout = new("--timeout")
        {
            Description = timeoutInMilliseconds
                ? "Milliseconds before the command is killed (up to 300000) [default: 30000]"
                : "Seconds before the command is killed (up to 300) [default: 30]",
            HelpName = timeoutInMilliseconds ? "ms" : "seconds",
        };
        Arguments.Add(_session);
        Arguments.Add(_command);
        Options.Add(_timeout);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var command = string.Join(' ', parse.GetValue(_command)!);
        TimeSpan? timeout = null;
        if (parse.GetValue(_timeout) is { } given)
        {
            var seconds = given / _unitsPerSecond;
            if (seconds is <= 0 or > 300 || double.IsNaN(seconds))
            {
                throw new CliException(
                    ExitCodes.Usage,
                    _unitsPerSecond == 1 ? "--timeout is in seconds, more than 0 and at most 300" : "--timeout is in milliseconds, more than 0 and at most 300000");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        using var client = context.CreateClient();
        var result = await client.ExecAsync(parse.GetValue(_session)!, command, timeout, cancellationToken);
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(result, CliJsonContext.Default.ExecResult);
            return ExitCodes.Success;
        }

        await context.Output.Out.WriteAsync(result.Stdout);
        await context.Output.Err.WriteAsync(result.Stderr);
        if (result.TimedOut)
        {
            context.Output.Warning("the command ran past its timeout and was killed");
        }

        if (result.Truncated)
        {
            context.Output.Warning("the output was longer than the server keeps; the rest was dropped");
        }

        return result.ExitCode;
    }
}

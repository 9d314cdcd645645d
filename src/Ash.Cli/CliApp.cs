using System.CommandLine;
using System.CommandLine.Invocation;
using Ash.Cli.Output;

namespace Ash.Cli;

// One run of the CLI: parse, report bad arguments in a sentence (or as JSON), run the command.
// Program calls it for the process; the tests call it in-process with their own streams and variables.
internal static class CliApp
{
    // After Ctrl+C or SIGTERM: time for `serve` to stop the server and `chat` to interrupt the turn.
    private static readonly TimeSpan s_terminationTimeout = TimeSpan.FromSeconds(15);

    /// <param name="handleTermination">Turn Ctrl+C and SIGTERM into cancellation (a process-wide hook: the process's own run only).</param>
    public static Task<int> RunAsync(
        string[] args, CliEnvironment environment, TextWriter stdout, TextWriter stderr, bool handleTermination, CancellationToken cancellationToken = default)
    {
        var parseResult = new AshRootCommand(environment).Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            ReportParseErrors(parseResult, stderr);
            return Task.FromResult(ExitCodes.Usage);
        }

        return parseResult.InvokeAsync(
            new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                ProcessTerminationTimeout = handleTermination ? s_terminationTimeout : null,
            },
            cancellationToken);
    }

    // Just the errors and where help is, on stderr: a full help text would bury them and pollute piped output.
    private static void ReportParseErrors(ParseResult parseResult, TextWriter stderr)
    {
        var json = parseResult.GetResult(GlobalOptions.Json) is { Implicit: false };
        var output = new CliOutput(TextWriter.Null, stderr, json);
        var messages = parseResult.Errors.Select(ParseErrorText.Describe).Distinct(StringComparer.Ordinal).ToList();
        var commandPath = string.Join(' ', CommandPath(parseResult.CommandResult));
        var hint = $"See '{(commandPath.Length == 0 ? "ash" : "ash " + commandPath)} --help'.";
        output.Fail(new CliFailure(ExitCodes.Usage, string.Join(Environment.NewLine, messages), Hints: [hint]));
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current is { Parent: not null }; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}

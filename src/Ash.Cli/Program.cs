using System.CommandLine;
using System.CommandLine.Invocation;
using Ash.Cli;

var parseResult = new AshRootCommand().Parse(args);
if (parseResult.Action is ParseErrorAction parseError)
{
    // Just the errors, on stderr: a full help text on stdout would bury them and pollute piped output.
    parseError.ShowHelp = false;
}

var exitCode = await parseResult.InvokeAsync(new InvocationConfiguration
{
    // After Ctrl+C or SIGTERM: time for `serve` to stop the server and `chat` to interrupt the turn.
    ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
});

// System.CommandLine reports parse errors with 1; usage errors are ExitCodes.Usage here.
return parseResult.Errors.Count > 0 ? ExitCodes.Usage : exitCode;

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Ash.Cli.LocalServer;

namespace Ash.Cli;

// System.CommandLine's help, on stdout, with what the root's help also needs to say: the environment
// variables the CLI reads and what its exit codes mean (scripts branch on them).
internal sealed class AshHelpAction(HelpAction inner) : SynchronousCommandLineAction
{
    private static readonly (string Name, string Meaning)[] s_variables =
    [
        ("ASH_SERVER_URL", "server URL, as --server [default: http://127.0.0.1:$ASH_PORT]"),
        ("ASH_API_KEY", "API key, as --api-key [default: the file <data>/api-key]"),
        ("ASH_DATA_DIR", "data directory of a local server, as --data [default: ./data]"),
        ("ASH_PORT", $"port of a local server, as start --port [default: {LocalServerOptions.DefaultPort}]"),
        ("ASH_HOST", "address a local server listens on, as start --host [default: 127.0.0.1]"),
        ("ASH_DATABASE_URL", "database of a local server, as start --database [default: SQLite in the data directory]"),
        ("ASH_ADMIN_KEY", "the server's admin key, for tenants commands, as --admin-key"),
        ("ANTHROPIC_API_KEY", "start/serve: the model credential the server uses"),
        ("ANTHROPIC_BASE_URL", "start/serve: the model API the server forwards to [default: https://api.anthropic.com]"),
    ];

    // The action of a command that only groups others (and of a bare `ash`): its help.
    public static int Show(ParseResult parseResult)
    {
        var help = parseResult.RootCommandResult.Command.Options.OfType<HelpOption>().Single();
        return ((SynchronousCommandLineAction)help.Action!).Invoke(parseResult);
    }

    public override int Invoke(ParseResult parseResult)
    {
        inner.Invoke(parseResult);
        if (parseResult.CommandResult.Command is not RootCommand)
        {
            return ExitCodes.Success;
        }

        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine("Environment:");
        var width = s_variables.Max(variable => variable.Name.Length);
        foreach (var (name, meaning) in s_variables)
        {
            output.WriteLine($"  {name.PadRight(width)}  {meaning}");
        }

        output.WriteLine();
        output.WriteLine("Exit codes:");
        foreach (var (code, name, meaning) in ExitCodes.All)
        {
            output.WriteLine($"  {code,3}  {name,-18}  {meaning}");
        }

        output.WriteLine();
        output.WriteLine("With --json a command prints JSON on stdout, and a failure as one JSON object on stderr: {error, code, exitCode, statusCode?, hints?}.");
        return ExitCodes.Success;
    }
}

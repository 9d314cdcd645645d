using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash env: the server URL and API key the other commands would use, as shell exports, so that curl, the SDKs
// and scripts talk to the same server: eval "$(ash env)". --json prints them as an object.
internal sealed class EnvCommand : AshCommand
{
    public EnvCommand()
        : base("env", "Print the server URL and API key as shell exports: eval \"$(ash env)\"")
    {
    }

    protected override Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var serverUrl = context.ServerUrl.ToString().TrimEnd('/');
        var apiKey = context.RequireApiKey();
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(new EnvResult(serverUrl, apiKey), CliJsonContext.Default.EnvResult);
        }
        else
        {
            context.Output.Line($"export ASH_SERVER_URL={ShellQuote(serverUrl)}");
            context.Output.Line($"export ASH_API_KEY={ShellQuote(apiKey)}");
        }

        return Task.FromResult(ExitCodes.Success);
    }

    // One POSIX shell word whatever the value holds: single quotes, each ' written as '\''.
    internal static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

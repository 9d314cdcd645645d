using System.CommandLine;
using System.Globalization;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash logs <session>: prints the session's sandbox log (the agent's stderr and what the platform did to
// its sandbox), one line each; --follow keeps reading new lines until Ctrl+C. --json prints each line
// as the API's JSON object.
internal sealed class LogsCommand : AshCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);

    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id",
    };

    private readonly Option<long> _after = new("--after")
    {
        Description = "Only lines after this index",
        DefaultValueFactory = _ => -1,
        HelpName = "index",
    };

    private readonly Option<bool> _follow = new("--follow", "-f")
    {
        Description = "Keep printing new lines as they are written",
    };

    public LogsCommand()
        : base("logs", "Print a session's sandbox log")
    {
        Arguments.Add(_session);
        Options.Add(_after);
        Options.Add(_follow);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var session = parse.GetValue(_session)!;
        var after = parse.GetValue(_after);
        if (after < -1)
        {
            throw new CliException(ExitCodes.Usage, "--after is a log index, -1 or more");
        }

        using var client = context.CreateClient();
        while (true)
        {
            var page = await client.GetLogsAsync(session, after, cancellationToken: cancellationToken);
            foreach (var entry in page.Logs)
            {
                Write(context.Output, entry);
                after = entry.Index;
            }

            if (page.Logs.Count > 0)
            {
                // A full page may have more behind it: read on without waiting.
                continue;
            }

            if (!parse.GetValue(_follow))
            {
                return ExitCodes.Success;
            }

            await Task.Delay(FollowInterval, cancellationToken);
        }
    }

    private static void Write(CliOutput output, SandboxLogEntry entry)
    {
        if (output.IsJson)
        {
            output.WriteJson(entry, CliJsonContext.Default.SandboxLogEntry);
            return;
        }

        var time = entry.Ts.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        output.Line($"{time} {entry.Level,-6} {entry.Text}");
    }
}

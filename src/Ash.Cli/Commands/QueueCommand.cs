using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash queue [list]: the tenant's batch jobs, newest first; `queue` also holds add, show, cancel and stats.
internal sealed class QueueCommand : AshCommand
{
    private readonly Option<string?> _status = new("--status")
    {
        Description = "Only jobs in this state",
        HelpName = "pending|processing|completed|failed|cancelled",
    };

    private readonly Option<int?> _limit = PageOptions.Limit("Page size, 1-500 [default: the server's, 50]");

    private readonly Option<string?> _cursor = PageOptions.Cursor();

    public QueueCommand()
        : this("queue", "List queued jobs, or queue a prompt, show, cancel, count them")
    {
        Subcommands.Add(new QueueCommand("list", "List queued jobs, newest first"));
        Subcommands.Add(new QueueAddCommand());
        Subcommands.Add(new QueueShowCommand());
        Subcommands.Add(new QueueCancelCommand());
        Subcommands.Add(new QueueStatsCommand());
    }

    private QueueCommand(string name, string description)
        : base(name, description)
    {
        Options.Add(_status);
        Options.Add(_limit);
        Options.Add(_cursor);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var parse = context.ParseResult;
        using var client = context.CreateClient();
        var page = await client.ListQueueItemsAsync(parse.GetValue(_status), parse.GetValue(_limit), parse.GetValue(_cursor), cancellationToken);

        if (output.IsJson)
        {
            output.WriteJson(page, CliJsonContext.Default.QueuePage);
            return ExitCodes.Success;
        }

        if (page.Items.Count == 0)
        {
            output.Line("No queued jobs.");
        }
        else
        {
            var now = DateTimeOffset.UtcNow;
            var table = new TextTable(["ID", "AGENT", "STATUS", "PRIORITY", "RETRIES", "CREATED", "SESSION"]);
            foreach (var item in page.Items)
            {
                table.AddRow(
                    item.Id,
                    item.AgentName,
                    item.Status,
                    item.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{item.RetryCount}/{item.MaxRetries}",
                    RelativeTime.Since(item.CreatedAt, now),
                    item.SessionId ?? "-");
            }

            output.Table(table);
        }

        PageOptions.WriteNext(output, page.NextCursor);

        return ExitCodes.Success;
    }
}

using System.Globalization;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash queue stats: how many jobs are in each state.
internal sealed class QueueStatsCommand : AshCommand
{
    public QueueStatsCommand()
        : base("stats", "Count queued jobs by state")
    {
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        using var client = context.CreateClient();
        var stats = await client.GetQueueStatsAsync(cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(stats, CliJsonContext.Default.QueueStats);
            return ExitCodes.Success;
        }

        var table = new TextTable(["STATUS", "JOBS"]);
        table.AddRow("pending", stats.Pending.ToString(CultureInfo.InvariantCulture));
        table.AddRow("processing", stats.Processing.ToString(CultureInfo.InvariantCulture));
        table.AddRow("completed", stats.Completed.ToString(CultureInfo.InvariantCulture));
        table.AddRow("failed", stats.Failed.ToString(CultureInfo.InvariantCulture));
        table.AddRow("cancelled", stats.Cancelled.ToString(CultureInfo.InvariantCulture));
        output.Table(table);
        return ExitCodes.Success;
    }
}

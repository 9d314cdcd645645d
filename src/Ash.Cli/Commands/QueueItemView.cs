using System.Globalization;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// How show and cancel print one job: its id on the first line (for scripts: `head -1`), then a table and
// its result; or the whole job as JSON with --json.
internal static class QueueItemView
{
    public static void Write(CliOutput output, QueueItem item)
    {
        if (output.IsJson)
        {
            output.WriteJson(item, CliJsonContext.Default.QueueItem);
            return;
        }

        output.Line(item.Id);
        var table = new TextTable(["FIELD", "VALUE"]);
        table.AddRow("status", item.Status);
        table.AddRow("agent", item.AgentName);
        table.AddRow("session", item.SessionId ?? "-");
        table.AddRow("priority", item.Priority.ToString(CultureInfo.InvariantCulture));
        table.AddRow("retries", $"{item.RetryCount}/{item.MaxRetries}");
        table.AddRow("created", item.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        table.AddRow("started", item.StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
        table.AddRow("completed", item.CompletedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
        if (item.RetryAfter is { } retryAfter)
        {
            table.AddRow("retry after", retryAfter.ToString("u", CultureInfo.InvariantCulture));
        }

        if (item.Error is { } error)
        {
            table.AddRow("error", error);
        }

        output.Table(table);
        if (item.ResultText is { } text)
        {
            output.Line();
            output.Line(text);
        }
    }
}

using System.Globalization;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// How show, add and cancel print one job: its id on stdout (for scripts), the rest as a table on stderr,
// or the whole job as JSON on stdout with --json.
internal static class QueueItemView
{
    public static async Task WriteAsync(CliOutput output, QueueItem item)
    {
        if (output.IsJson)
        {
            output.WriteJson(item, CliJsonContext.Default.QueueItem);
            return;
        }

        await output.Out.WriteLineAsync(item.Id);
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

        table.WriteTo(output.Err);
        if (item.ResultText is { } text)
        {
            output.WriteLine(string.Empty);
            output.WriteLine(text);
        }
    }
}

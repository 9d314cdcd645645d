using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// How `keys list` and `tenants keys` show keys: a table, or --json.
internal static class ApiKeyTable
{
    public static void Write(CliOutput output, IReadOnlyList<ApiKey> keys)
    {
        if (output.IsJson)
        {
            output.WriteJson(keys, CliJsonContext.Default.IReadOnlyListApiKey);
            return;
        }

        if (keys.Count == 0)
        {
            output.Line("No API keys.");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var table = new TextTable(["ID", "LABEL", "KEY", "CREATED"]);
        foreach (var key in keys)
        {
            table.AddRow(key.Id, key.Label, key.KeyPrefix, key.CreatedAt is { } created ? RelativeTime.Since(created, now) : "-");
        }

        output.Table(table);
    }
}

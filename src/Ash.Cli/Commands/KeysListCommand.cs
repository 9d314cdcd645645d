using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash keys list: the tenant's keys (never the keys themselves), a table on stderr or --json on stdout.
internal sealed class KeysListCommand : AshCommand
{
    public KeysListCommand()
        : base("list", "List your tenant's API keys (id, label, the few characters shown, age)")
    {
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        ApiKeyTable.Write(context.Output, await client.ListApiKeysAsync(cancellationToken));
        return ExitCodes.Success;
    }
}

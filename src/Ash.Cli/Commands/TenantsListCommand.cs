using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash tenants list: every tenant, live and disabled.
internal sealed class TenantsListCommand : AshCommand
{
    public TenantsListCommand()
        : base("list", "List every tenant")
    {
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        using var client = context.CreateAdminClient();
        var tenants = await client.ListTenantsAsync(cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(tenants, CliJsonContext.Default.IReadOnlyListTenant);
            return ExitCodes.Success;
        }

        var now = DateTimeOffset.UtcNow;
        var table = new TextTable(["ID", "LABEL", "CREATED", "STATE"]);
        foreach (var tenant in tenants)
        {
            table.AddRow(tenant.Id, tenant.Label, RelativeTime.Since(tenant.CreatedAt, now), tenant.DisabledAt is { } disabled ? $"disabled {RelativeTime.Since(disabled, now)}" : "live");
        }

        output.Table(table);
        return ExitCodes.Success;
    }
}

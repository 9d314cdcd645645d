using System.CommandLine;

namespace Ash.Cli.Commands;

// ash tenants keys <tenant> [create [--label] | revoke <id>]: one tenant's keys, as the admin.
internal sealed class TenantsKeysCommand : AshCommand
{
    internal static readonly Argument<string> Tenant = new("tenant")
    {
        Description = "Tenant id",
    };

    public TenantsKeysCommand()
        : base("keys", "List a tenant's API keys; create and revoke manage them")
    {
        Arguments.Add(Tenant);
        Subcommands.Add(new TenantsKeysCreateCommand());
        Subcommands.Add(new TenantsKeysRevokeCommand());
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateAdminClient();
        ApiKeyTable.Write(context.Output, await client.ListTenantKeysAsync(context.ParseResult.GetValue(Tenant)!, cancellationToken));
        return ExitCodes.Success;
    }
}

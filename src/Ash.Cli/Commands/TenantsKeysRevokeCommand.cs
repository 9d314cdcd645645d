using System.CommandLine;

namespace Ash.Cli.Commands;

// ash tenants keys <tenant> revoke <id>: revokes any of the tenant's keys, its last one included.
internal sealed class TenantsKeysRevokeCommand : AshCommand
{
    private readonly Argument<string> _id = new("id")
    {
        Description = "Key id (from 'tenants keys <tenant>')",
    };

    public TenantsKeysRevokeCommand()
        : base("revoke", "Revoke one of the tenant's API keys (its last one too)")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var id = parse.GetValue(_id)!;
        using var client = context.CreateAdminClient();
        await client.RevokeTenantKeyAsync(parse.GetValue(TenantsKeysCommand.Tenant)!, id, cancellationToken);
        context.Output.Line($"Revoked API key {id}");
        return ExitCodes.Success;
    }
}

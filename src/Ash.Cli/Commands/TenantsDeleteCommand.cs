using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash tenants delete <id>: disables the tenant; its keys stop working, its running sessions stop.
internal sealed class TenantsDeleteCommand : AshCommand
{
    private readonly Argument<string> _id = new("id")
    {
        Description = "Tenant id",
    };

    public TenantsDeleteCommand()
        : base("delete", "Disable a tenant: delete its keys and stop its sessions (its data is kept, its id stays taken)")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateAdminClient();
        var disabled = await client.DisableTenantAsync(context.ParseResult.GetValue(_id)!, cancellationToken);
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(disabled, CliJsonContext.Default.DisabledTenant);
        }
        else
        {
            context.Output.Line($"Disabled tenant {disabled.Tenant.Id}: revoked {disabled.RevokedKeys} key(s), stopped {disabled.StoppedSessions} session(s)");
        }

        return ExitCodes.Success;
    }
}

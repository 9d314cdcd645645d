using System.CommandLine;

namespace Ash.Cli.Commands;

// ash tenants keys <tenant> create [--label]: a new key for that tenant, printed like `keys create`.
internal sealed class TenantsKeysCreateCommand : AshCommand
{
    private readonly Option<string?> _label = new("--label", "-l")
    {
        Description = "What the key is for [default: platform-<tenant>]",
        HelpName = "text",
    };

    public TenantsKeysCreateCommand()
        : base("create", "Create an API key for the tenant and print it (shown once)")
    {
        Options.Add(_label);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateAdminClient();
        var parse = context.ParseResult;
        KeysCreateCommand.WriteCreated(context.Output, await client.CreateTenantKeyAsync(parse.GetValue(TenantsKeysCommand.Tenant)!, parse.GetValue(_label), cancellationToken));
        return ExitCodes.Success;
    }
}

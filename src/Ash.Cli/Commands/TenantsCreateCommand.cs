using System.CommandLine;

namespace Ash.Cli.Commands;

// ash tenants create <id> [--label] [--key-label]: a tenant and its first key, printed like `keys create`.
internal sealed class TenantsCreateCommand : AshCommand
{
    private readonly Argument<string> _id = new("id")
    {
        Description = "Tenant id: 1-64 lowercase letters, digits, '-' and '_'",
    };

    private readonly Option<string?> _label = new("--label", "-l")
    {
        Description = "A description of the tenant",
        HelpName = "text",
    };

    private readonly Option<string?> _keyLabel = new("--key-label")
    {
        Description = "The first key's label [default: platform-<id>]",
        HelpName = "text",
    };

    public TenantsCreateCommand()
        : base("create", "Create a tenant and print its first API key (shown once)")
    {
        Arguments.Add(_id);
        Options.Add(_label);
        Options.Add(_keyLabel);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        using var client = context.CreateAdminClient();
        var created = await client.CreateTenantAsync(parse.GetValue(_id)!, parse.GetValue(_label), parse.GetValue(_keyLabel), cancellationToken);
        if (!context.Output.IsJson)
        {
            context.Output.Note($"Created tenant {created.Tenant.Id}");
        }

        KeysCreateCommand.WriteCreated(context.Output, created.Key);
        return ExitCodes.Success;
    }
}

using System.CommandLine;

namespace Ash.Cli.Commands;

// ash tenants list|create|delete|keys: the admin API, with the server's admin key (--admin-key or ASH_ADMIN_KEY).
internal sealed class TenantsCommand : CommandGroup
{
    public static readonly Option<string?> AdminKey = new("--admin-key")
    {
        Description = "The server's admin key [env ASH_ADMIN_KEY]",
        HelpName = "key",
        Recursive = true,
    };

    public TenantsCommand()
        : base("tenants", "Admin: list, create or disable tenants and manage their keys (needs the admin key)")
    {
        Options.Add(AdminKey);
        Subcommands.Add(new TenantsListCommand());
        Subcommands.Add(new TenantsCreateCommand());
        Subcommands.Add(new TenantsDeleteCommand());
        Subcommands.Add(new TenantsKeysCommand());
    }
}

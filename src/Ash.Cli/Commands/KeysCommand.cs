namespace Ash.Cli.Commands;

// ash keys list|create|revoke: the API keys of the caller's tenant.
internal sealed class KeysCommand : CommandGroup
{
    public KeysCommand()
        : base("keys", "List, create or revoke the API keys of your tenant")
    {
        Subcommands.Add(new KeysListCommand());
        Subcommands.Add(new KeysCreateCommand());
        Subcommands.Add(new KeysRevokeCommand());
    }
}

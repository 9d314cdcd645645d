using System.CommandLine;

namespace Ash.Cli.Commands;

// ash keys revoke <id>: requests with that key fail from their next one on; its open streams end.
internal sealed class KeysRevokeCommand : AshCommand
{
    private readonly Argument<string> _id = new("id")
    {
        Description = "Key id (from 'keys list')",
    };

    public KeysRevokeCommand()
        : base("revoke", "Revoke one of your tenant's API keys (not its last one)")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var id = context.ParseResult.GetValue(_id)!;
        using var client = context.CreateClient();
        await client.RevokeApiKeyAsync(id, cancellationToken);
        context.Output.Line($"Revoked API key {id}");
        return ExitCodes.Success;
    }
}

using System.CommandLine;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash keys create [--label]: a new key for the caller's tenant. The key alone goes to stdout (so it can
// be piped into a secret store), what it is to stderr; it is shown this once.
internal sealed class KeysCreateCommand : AshCommand
{
    private readonly Option<string?> _label = new("--label", "-l")
    {
        Description = "What the key is for [default: the server's]",
        HelpName = "text",
    };

    public KeysCreateCommand()
        : base("create", "Create an API key for your tenant and print it (shown once)")
    {
        Options.Add(_label);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        WriteCreated(context.Output, await client.CreateApiKeyAsync(context.ParseResult.GetValue(_label), cancellationToken));
        return ExitCodes.Success;
    }

    // Shared with `tenants create` and `tenants keys create`.
    internal static void WriteCreated(CliOutput output, CreatedApiKey key)
    {
        if (output.IsJson)
        {
            output.WriteJson(key, CliJsonContext.Default.CreatedApiKey);
            return;
        }

        output.Line(key.Key);
        output.Note($"Created API key {key.Id}{(key.Label is null ? string.Empty : $" ({key.Label})")}. It is shown this once: store it now.");
    }
}

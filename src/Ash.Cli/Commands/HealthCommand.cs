using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash health: the server's /health as JSON on stdout (Ash's command); `ash status` says it for a person.
internal sealed class HealthCommand : AshCommand
{
    public HealthCommand()
        : base("health", "Print the server's health as JSON")
    {
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        using var client = context.CreateClient();
        var health = await client.GetHealthAsync(cancellationToken);
        context.Output.WriteJson(health, CliJsonContext.Default.Health);
        return health.Status == "ok" ? ExitCodes.Success : ExitCodes.ServerUnavailable;
    }
}

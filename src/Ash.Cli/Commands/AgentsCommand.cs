using System.Globalization;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

internal sealed class AgentsCommand : AshCommand
{
    public AgentsCommand()
        : base("agents", "List deployed agents, or list or activate one's versions")
    {
        Subcommands.Add(new AgentsVersionsCommand());
        Subcommands.Add(new AgentsActivateCommand());
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        using var client = context.CreateClient();
        var agents = await client.ListAgentsAsync(cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(agents, CliJsonContext.Default.IReadOnlyListAgent);
            return ExitCodes.Success;
        }

        if (agents.Count == 0)
        {
            output.WriteLine($"No agents yet; deploy one with '{AshHome.CommandHint} deploy <folder>'.");
            return ExitCodes.Success;
        }

        var now = DateTimeOffset.UtcNow;
        var table = new TextTable(["NAME", "VERSION", "UPDATED", "PATH"]);
        foreach (var agent in agents.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            table.AddRow(agent.Name, agent.Version.ToString(CultureInfo.InvariantCulture), RelativeTime.Since(agent.UpdatedAt, now), agent.Path);
        }

        table.WriteTo(output.Err);
        return ExitCodes.Success;
    }
}

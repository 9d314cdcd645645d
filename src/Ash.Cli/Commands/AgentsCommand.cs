using System.Globalization;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash agents [list]: the deployed agents. As `agents` (also `agent`, Ash's name) it holds info and delete.
internal sealed class AgentsCommand : AshCommand
{
    public AgentsCommand()
        : this("agents", "List deployed agents, show or delete one, list or activate its versions")
    {
        Aliases.Add("agent");
        Subcommands.Add(new AgentsCommand("list", "List deployed agents"));
        Subcommands.Add(new AgentsInfoCommand());
        Subcommands.Add(new AgentsDeleteCommand());
        Subcommands.Add(new AgentsVersionsCommand());
        Subcommands.Add(new AgentsActivateCommand());
    }

    private AgentsCommand(string name, string description)
        : base(name, description)
    {
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
            output.Line("No agents.");
            output.Note($"Deploy one with '{context.Home.CommandHint} deploy <folder>'.");
            return ExitCodes.Success;
        }

        var now = DateTimeOffset.UtcNow;
        var table = new TextTable(["NAME", "VERSION", "UPDATED", "PATH"]);
        foreach (var agent in agents.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            table.AddRow(agent.Name, agent.Version.ToString(CultureInfo.InvariantCulture), RelativeTime.Since(agent.UpdatedAt, now), agent.Path);
        }

        output.Table(table);
        return ExitCodes.Success;
    }
}

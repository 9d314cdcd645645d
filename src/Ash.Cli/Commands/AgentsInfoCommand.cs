using System.CommandLine;
using System.Globalization;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash agents info <name>: one agent (its env values come back redacted).
internal sealed class AgentsInfoCommand : AshCommand
{
    private readonly Argument<string> _name = new("name")
    {
        Description = "Agent name",
    };

    public AgentsInfoCommand()
        : base("info", "Show one deployed agent")
    {
        Arguments.Add(_name);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        using var client = context.CreateClient();
        var agent = await client.GetAgentAsync(context.ParseResult.GetValue(_name)!, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(agent, CliJsonContext.Default.Agent);
            return ExitCodes.Success;
        }

        var table = new TextTable(["FIELD", "VALUE"]);
        table.AddRow("name", agent.Name);
        table.AddRow("version", agent.Version.ToString(CultureInfo.InvariantCulture));
        table.AddRow("path", agent.Path);
        table.AddRow("created", agent.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        table.AddRow("updated", agent.UpdatedAt.ToString("u", CultureInfo.InvariantCulture));
        table.AddRow("env", string.Join(", ", (agent.Env?.Keys ?? []).Order(StringComparer.Ordinal)));
        output.Table(table);
        return ExitCodes.Success;
    }
}

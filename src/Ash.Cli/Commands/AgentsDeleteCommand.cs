using System.CommandLine;

namespace Ash.Cli.Commands;

// ash agents delete|rm <name>: removes the agent (a deploy under the same name starts it again).
internal sealed class AgentsDeleteCommand : AshCommand
{
    private readonly Argument<string> _name = new("name")
    {
        Description = "Agent name",
    };

    public AgentsDeleteCommand()
        : base("delete", "Delete a deployed agent")
    {
        Aliases.Add("rm");
        Aliases.Add("remove");
        Arguments.Add(_name);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var name = context.ParseResult.GetValue(_name)!;
        using var client = context.CreateClient();
        await client.DeleteAgentAsync(name, cancellationToken);
        context.Output.Line($"Deleted agent {name}");
        return ExitCodes.Success;
    }
}

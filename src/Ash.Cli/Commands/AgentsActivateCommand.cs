using System.CommandLine;

namespace Ash.Cli.Commands;

// ash agents activate <name> <version>: new sessions run that version (a rollback when it is older).
internal sealed class AgentsActivateCommand : AshCommand
{
    private readonly Argument<string> _name = new("name")
    {
        Description = "Agent name",
    };

    private readonly Argument<string> _version = new("version")
    {
        Description = "Version number or version id",
    };

    public AgentsActivateCommand()
        : base("activate", "Make a version the active one: new sessions run it, running sessions keep theirs")
    {
        Arguments.Add(_name);
        Arguments.Add(_version);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var name = context.ParseResult.GetValue(_name)!;
        using var client = context.CreateClient();
        var active = await client.ActivateAgentVersionAsync(name, context.ParseResult.GetValue(_version)!, cancellationToken);
        if (output.IsJson)
        {
            output.WriteJson(await client.GetAgentAsync(name, cancellationToken), Output.CliJsonContext.Default.Agent);
        }
        else
        {
            output.Line($"Agent {name} now runs version {active} for new sessions");
        }

        return ExitCodes.Success;
    }
}

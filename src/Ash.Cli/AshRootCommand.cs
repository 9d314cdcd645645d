using System.CommandLine;
using System.CommandLine.Help;
using Ash.Cli.Commands;

namespace Ash.Cli;

internal sealed class AshRootCommand : RootCommand
{
    public AshRootCommand(CliEnvironment environment)
        : base("Ash: run Claude Code agents behind a REST + SSE API.")
    {
        Environment = environment;
        foreach (var option in GlobalOptions.All)
        {
            Options.Add(option);
        }

        var help = Options.OfType<HelpOption>().Single();
        help.Action = new AshHelpAction((HelpAction)help.Action!);

        // A bare `ash` is someone finding their way: show them the commands.
        SetAction(AshHelpAction.Show);

        Subcommands.Add(new StartCommand());
        Subcommands.Add(new StopCommand());
        Subcommands.Add(new StatusCommand());
        Subcommands.Add(new HealthCommand());
        Subcommands.Add(new EnvCommand());
        Subcommands.Add(new ServeCommand());
        Subcommands.Add(new DeployCommand());
        Subcommands.Add(new AgentsCommand());
        Subcommands.Add(new SessionsCommand());
        Subcommands.Add(new ChatCommand());
        Subcommands.Add(new AttachCommand());
        Subcommands.Add(new InterruptCommand());
        Subcommands.Add(new FilesCommand());
        Subcommands.Add(new WorkspaceCommand());
        Subcommands.Add(new ExecCommand());
        Subcommands.Add(new LogsCommand());
        Subcommands.Add(new KeysCommand());
        Subcommands.Add(new TenantsCommand());
        Subcommands.Add(new QueueCommand());
    }

    public CliEnvironment Environment { get; }
}

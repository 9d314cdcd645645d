using System.CommandLine;
using Ash.Cli.Commands;

namespace Ash.Cli;

internal sealed class AshRootCommand : RootCommand
{
    public AshRootCommand()
        : base("Ash: run Claude Code agents behind a REST + SSE API.")
    {
        foreach (var option in GlobalOptions.All)
        {
            Options.Add(option);
        }

        Subcommands.Add(new StartCommand());
        Subcommands.Add(new StopCommand());
        Subcommands.Add(new StatusCommand());
        Subcommands.Add(new HealthCommand());
        Subcommands.Add(new ServeCommand());
        Subcommands.Add(new DeployCommand());
        Subcommands.Add(new AgentsCommand());
        Subcommands.Add(new SessionsCommand());
        Subcommands.Add(new ChatCommand());
        Subcommands.Add(new FilesCommand());
        Subcommands.Add(new WorkspaceCommand());
        Subcommands.Add(new ExecCommand());
        Subcommands.Add(new LogsCommand());
        Subcommands.Add(new KeysCommand());
        Subcommands.Add(new TenantsCommand());
        Subcommands.Add(new QueueCommand());
    }
}

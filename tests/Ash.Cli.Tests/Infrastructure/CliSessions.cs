namespace Ash.Cli.Tests.Infrastructure;

/// <summary>Agents and sessions made through the CLI, for the tests of commands that need one.</summary>
public static class CliSessions
{
    /// <summary>Deploys the folder under a fresh name; returns the name.</summary>
    public static async Task<string> DeployAsync(AshCli cli, CliAgentFolder folder)
    {
        var name = CliAgentFolder.NewName();
        var deploy = await cli.RunAsync("deploy", folder.Path, "--name", name);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        return name;
    }

    /// <summary>Starts a session of the agent; returns its id.</summary>
    public static async Task<string> CreateAsync(AshCli cli, string agent)
    {
        var create = await cli.RunAsync("sessions", "create", agent);
        Assert.True(create.ExitCode == 0, create.ToString());
        return create.Stdout.Trim();
    }

    /// <summary>A session of a freshly deployed agent; returns its id.</summary>
    public static async Task<string> CreateAsync(AshCli cli, CliAgentFolder folder) => await CreateAsync(cli, await DeployAsync(cli, folder));
}

namespace Ash.Cli.Tests.Infrastructure;

/// <summary>A session of a freshly deployed agent, made through the CLI, for tests of the commands on one session.</summary>
public static class CliSessions
{
    public static async Task<string> CreateAsync(AshCli cli, CliAgentFolder folder)
    {
        var name = CliAgentFolder.NewName();
        var deploy = await cli.RunAsync("deploy", folder.Path, "--name", name);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        var create = await cli.RunAsync("sessions", "create", name);
        Assert.True(create.ExitCode == 0, create.ToString());
        return create.Stdout.Trim();
    }
}

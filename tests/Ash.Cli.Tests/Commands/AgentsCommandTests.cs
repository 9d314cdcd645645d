using System.Text.Json.Nodes;
using Ash.Cli.Tests.Infrastructure;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash deploy` and `ash agents list|info|versions|activate|rm` against the real server.</summary>
[Collection(nameof(ServerCollection))]
public sealed class AgentsCommandTests(PlatformFixture platform) : IDisposable
{
    private readonly CliAgentFolder _folder = new();
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task Deploy_PrintsWhatItDeployedOnStdout_AndTheNextStepOnStderr()
    {
        var name = CliAgentFolder.NewName();

        var run = await _cli.RunAsync("deploy", _folder.Path, "--name", name);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([$"Deployed {name} (version 1)"], run.StdoutLines);
        Assert.Contains($"chat {name} \"Hello\"", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_TakesEnvFromDotEnvThenDotEnvLocalThenFlags_AndNeverUploadsTheEnvFiles()
    {
        var name = CliAgentFolder.NewName();

        var deploy = await _cli.RunAsync("deploy", _folder.Path, "--name", name, "--env", "FROM_FLAG=flag", "-e", "OVERRIDDEN=flag");
        var info = await _cli.RunAsync("--json", "agents", "info", name);

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        var agent = CliJson.Single(info.Stdout);
        var env = agent["env"]!.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["FROM_DOTENV", "FROM_FLAG", "FROM_LOCAL", "OVERRIDDEN"], env);
        Assert.All(agent["env"]!.AsObject(), pair => Assert.Equal("***", pair.Value!.GetValue<string>()));
        var stored = agent["path"]!.GetValue<string>();
        Assert.True(File.Exists(Path.Combine(stored, "CLAUDE.md")));
        Assert.False(File.Exists(Path.Combine(stored, ".env")));
        Assert.False(File.Exists(Path.Combine(stored, ".env.local")));
    }

    [Fact]
    public async Task Deploy_OfAFolderWithoutClaudeMd_IsAUsageError()
    {
        File.Delete(Path.Combine(_folder.Path, "CLAUDE.md"));

        var run = await _cli.RunAsync("deploy", _folder.Path);

        CliAssert.FriendlyError(run, ExitCodes.Usage);
        Assert.Contains("has no CLAUDE.md", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentsList_IsATableOnStdout_ThatGrepFinds()
    {
        var name = await CliSessions.DeployAsync(_cli, _folder);

        var list = await _cli.RunAsync("agents");
        var json = await _cli.RunAsync("agents", "list", "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.StartsWith("NAME", list.StdoutLines[0], StringComparison.Ordinal);
        Assert.Single(list.StdoutLines, line => line.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.Equal("", list.Stderr);
        var agents = JsonNode.Parse(json.Stdout)!.AsArray();
        Assert.Contains(agents, agent => agent!["name"]!.GetValue<string>() == name);
        Assert.Equal("", json.Stderr);
    }

    [Fact]
    public async Task AgentsInfoAndVersions_AreTablesOnStdout()
    {
        var name = await CliSessions.DeployAsync(_cli, _folder);
        await File.AppendAllTextAsync(Path.Combine(_folder.Path, "CLAUDE.md"), "Version two.\n", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await _cli.RunAsync("deploy", _folder.Path, "--name", name)).ExitCode);

        var info = await _cli.RunAsync("agents", "info", name);
        var versions = await _cli.RunAsync("agents", "versions", name);
        var activate = await _cli.RunAsync("agents", "activate", name, "1");

        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains(info.StdoutLines, line => line.StartsWith("version", StringComparison.Ordinal) && line.EndsWith(" 2", StringComparison.Ordinal));
        Assert.True(versions.ExitCode == 0, versions.ToString());
        Assert.Equal(3, versions.StdoutLines.Count);
        Assert.True(activate.ExitCode == 0, activate.ToString());
        Assert.Equal([$"Agent {name} now runs version 1 for new sessions"], activate.StdoutLines);
    }

    [Fact]
    public async Task AgentsRm_RemovesTheAgent_AndThenItIsNotFound()
    {
        var name = await CliSessions.DeployAsync(_cli, _folder);

        var rm = await _cli.RunAsync("agents", "rm", name);
        var info = await _cli.RunAsync("agents", "info", name);
        var infoJson = await _cli.RunAsync("agents", "info", name, "--json");

        Assert.True(rm.ExitCode == 0, rm.ToString());
        Assert.Equal([$"Deleted agent {name}"], rm.StdoutLines);
        CliAssert.FriendlyError(info, ExitCodes.NotFound);
        var (_, _, exitCode, statusCode) = CliJson.Failure(infoJson);
        Assert.Equal((ExitCodes.NotFound, ExitCodes.NotFound, 404), (infoJson.ExitCode, exitCode, statusCode));
    }

    public void Dispose() => _folder.Dispose();
}

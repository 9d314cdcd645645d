using System.Text.Json.Nodes;
using Ash.Cli.Tests.Infrastructure;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash status` and `ash health` against the real server.</summary>
[Collection(nameof(ServerCollection))]
public sealed class StatusCommandTests(PlatformFixture platform)
{
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task Status_IsATableOnStdout_OrTheHealthAsJson()
    {
        var status = await _cli.RunAsync("status");
        var json = await _cli.RunAsync("status", "--json");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.StartsWith("Ash ", status.StdoutLines[0], StringComparison.Ordinal);
        Assert.Contains(status.StdoutLines, line => line.StartsWith("Model ", StringComparison.Ordinal));
        Assert.Equal("ok", CliJson.Single(json.Stdout)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_WithAKey_ShowsTheUpstreamsLastAnswer_AndDoesNotWarn()
    {
        var folder = new CliAgentFolder();
        try
        {
            var agent = await CliSessions.DeployAsync(_cli, folder);
            Assert.Equal(0, (await _cli.RunAsync("chat", agent, "hello")).ExitCode);

            var status = await _cli.RunAsync("status");

            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains(status.StdoutLines, line => line.StartsWith("Model", StringComparison.Ordinal) && line.Contains("credential set; upstream answered 200", StringComparison.Ordinal));
            Assert.Equal("", status.Stderr);
        }
        finally
        {
            folder.Dispose();
        }
    }

    [Fact]
    public async Task Status_OfAServerWithoutAModelKey_WarnsOnStderr()
    {
        await using var server = await TestServer.StartAsync(platform.Model.BaseUrl, modelKey: null);

        var status = await AshCli.For(server.BaseUrl, TestServer.ApiKey).RunAsync("status");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains(status.StdoutLines, line => line.StartsWith("Model", StringComparison.Ordinal) && line.Contains("no credential", StringComparison.Ordinal));
        Assert.StartsWith("warning: the server has no model credential", status.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_PrintsTheServersHealthAsJson()
    {
        var health = await _cli.RunAsync("health");

        Assert.True(health.ExitCode == 0, health.ToString());
        Assert.Equal("ok", JsonNode.Parse(health.Stdout)!["status"]!.GetValue<string>());
    }
}

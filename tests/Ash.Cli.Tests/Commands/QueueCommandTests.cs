using Ash.Cli.Tests.Infrastructure;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash queue add|list|show|cancel|stats` against the real server, runtime and fake model.</summary>
[Collection(nameof(ServerCollection))]
public sealed class QueueCommandTests(PlatformFixture platform) : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);

    private readonly CliAgentFolder _folder = new();
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task AddShowListStats_AndCancelOfAFinishedJobFails()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);

        var add = await _cli.RunAsync("queue", "add", agent, "from the CLI", "--priority", "2", "--retries", "1");
        var id = add.Stdout.Trim();
        await WaitForStatusAsync(id, "completed");
        var show = await _cli.RunAsync("queue", "show", id);
        var list = await _cli.RunAsync("queue", "list", "--status", "completed");
        var stats = await _cli.RunAsync("queue", "stats", "--json");
        var cancel = await _cli.RunAsync("queue", "cancel", id);

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.True(Guid.TryParse(id, out _), $"`JOB=$(ash queue add …)` must capture just the id: {add}");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal(id, show.StdoutLines[0]);
        Assert.Contains("Hello! You said: from the CLI", show.Stdout, StringComparison.Ordinal);
        Assert.Contains(list.StdoutLines, line => line.StartsWith(id, StringComparison.Ordinal));
        Assert.True(CliJson.Single(stats.Stdout)["completed"]!.GetValue<long>() >= 1, stats.ToString());
        Assert.NotEqual(0, cancel.ExitCode);
        Assert.Contains("Only a pending job can be cancelled", cancel.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private async Task WaitForStatusAsync(string id, string status)
    {
        CliRun? show = null;
        await Eventually.TrueAsync(
            async () => (show = await _cli.RunAsync("queue", "show", id, "--json")).ExitCode == 0 && CliJson.Single(show.Stdout)["status"]!.GetValue<string>() == status,
            () => $"job {id} to be {status}: {show}",
            JobTimeout);
    }
}

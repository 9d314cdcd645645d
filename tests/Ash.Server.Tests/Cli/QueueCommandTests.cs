using System.Text.Json.Nodes;
using Ash.Server.Tests.Infrastructure;
using Ash.Server.Tests.Queue;

namespace Ash.Server.Tests.Cli;

/// <summary>`ash queue add|list|show|cancel|stats` run by the built CLI against the real server, runtime and fake model.</summary>
public sealed class QueueCommandTests(QueueFixture platform) : IClassFixture<QueueFixture>
{
    [Fact]
    public async Task QueueCommands_AddShowListStats_AndCancelOfAFinishedJobFails()
    {
        var agent = await Api.DeployAgentAsync(platform.Server.Http);

        var add = await Ash("queue", "add", agent, "from the CLI", "--priority", "2", "--retries", "1");
        var id = add.Stdout.Trim();
        await QueueCalls.WaitForStatusAsync(platform.Server.Http, id, "completed");
        var show = await Ash("queue", "show", id);
        var showJson = await Ash("queue", "show", id, "--json");
        var list = await Ash("queue", "list", "--status", "completed");
        var stats = await Ash("queue", "stats", "--json");
        var cancel = await Ash("queue", "cancel", id);

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.True(Guid.TryParse(id, out _), $"`JOB=$(ash queue add …)` must capture just the id: {add}");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("Hello! You said: from the CLI", show.Stderr, StringComparison.Ordinal);
        var item = JsonNode.Parse(showJson.Stdout)!;
        Assert.Equal(("completed", 2, 1), (item["status"]!.GetValue<string>(), item["priority"]!.GetValue<int>(), item["maxRetries"]!.GetValue<int>()));
        Assert.Contains(id, list.Stderr, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(stats.Stdout)!["completed"]!.GetValue<long>() >= 1, stats.ToString());
        Assert.NotEqual(0, cancel.ExitCode);
        Assert.Contains("Only a pending job can be cancelled", cancel.Stderr, StringComparison.Ordinal);
    }

    private Task<CliRun> Ash(params string[] arguments) =>
        CliRun.RunAsync(platform.Server.BaseUrl, TestServer.ApiKey, Path.GetTempPath(), arguments);
}

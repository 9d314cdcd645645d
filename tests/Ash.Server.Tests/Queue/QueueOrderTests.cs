using System.Net;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Queue;

/// <summary>
/// With one job at a time, a long job (a slow scripted reply) holds the queue while a test arranges the jobs
/// behind it; interrupting the long job's turn lets them run.
/// </summary>
public sealed class QueueOrderTests(SingleJobQueueFixture platform) : IClassFixture<SingleJobQueueFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Pending_HigherPriorityRunsFirst()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var blocker = await HoldQueueAsync(agent);
        var low = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "low", priority = 0 });
        var high = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "high", priority = 5 });

        await ReleaseAsync(blocker);
        var lowDone = await QueueCalls.WaitForStatusAsync(Http, QueueCalls.Id(low), "completed");
        var highDone = await QueueCalls.WaitForStatusAsync(Http, QueueCalls.Id(high), "completed");

        Assert.True(
            highDone["startedAt"]!.GetValue<DateTimeOffset>() < lowDone["startedAt"]!.GetValue<DateTimeOffset>(),
            $"the priority 5 job started at {highDone["startedAt"]}, the priority 0 job at {lowDone["startedAt"]}");
    }

    [Fact]
    public async Task AgentDeletedAfterEnqueue_JobFailsWithoutRetrying()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var doomed = await Api.DeployAgentAsync(Http);
        var blocker = await HoldQueueAsync(agent);
        var job = await QueueCalls.EnqueueAsync(Http, new { agentName = doomed, prompt = "too late", maxRetries = 5 });
        using (var deleted = await Http.DeleteAsync($"/api/agents/{doomed}"))
        {
            await Api.EnsureStatusAsync(deleted, HttpStatusCode.OK);
        }

        await ReleaseAsync(blocker);
        var failed = await QueueCalls.WaitForAsync(Http, QueueCalls.Id(job), item => QueueCalls.Status(item) is "completed" or "failed", "finished");

        Assert.Equal("failed", QueueCalls.Status(failed));
        Assert.Contains("no longer exists", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, failed["retryCount"]!.GetValue<int>());
        Assert.Null(failed["sessionId"]);
    }

    [Fact]
    public async Task Cancel_PendingJobNeverRuns_RunningJobIs400()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var blocker = await HoldQueueAsync(agent);
        var job = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "never mind" });

        var (cancelStatus, cancelled) = await DeleteAsync(QueueCalls.Id(job));
        var (againStatus, again) = await DeleteAsync(QueueCalls.Id(job));
        var (runningStatus, running) = await DeleteAsync(QueueCalls.Id(blocker));

        Assert.Equal(HttpStatusCode.OK, cancelStatus);
        Assert.Equal("cancelled", QueueCalls.Status(cancelled["item"]!.AsObject()));
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal("cancelled", QueueCalls.Status(again["item"]!.AsObject()));
        Assert.Equal(HttpStatusCode.BadRequest, runningStatus);
        Assert.Equal("queue_item_not_pending", running["code"]!.GetValue<string>());

        // A job queued after the cancelled one runs, so the queue went past it.
        await ReleaseAsync(blocker);
        var later = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "after" });
        await QueueCalls.WaitForStatusAsync(Http, QueueCalls.Id(later), "completed");
        var still = await QueueCalls.GetAsync(Http, QueueCalls.Id(job));
        Assert.Equal("cancelled", QueueCalls.Status(still));
        Assert.Null(still["startedAt"]);
    }

    /// <summary>Queues a two-minute job ahead of everything and waits until it runs in its session.</summary>
    private async Task<JsonObject> HoldQueueAsync(string agent)
    {
        var blocker = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "[[slow:500:240]]", priority = 1000, maxRetries = 0 });
        return await QueueCalls.WaitForAsync(Http, QueueCalls.Id(blocker), item => QueueCalls.Status(item) == "processing" && item["sessionId"] is not null, "running");
    }

    private async Task ReleaseAsync(JsonObject blocker)
    {
        using var response = await Http.PostAsync($"/api/sessions/{QueueCalls.SessionOf(blocker)}/interrupt", null);
        await Api.EnsureStatusAsync(response, HttpStatusCode.OK);
        await QueueCalls.WaitForAsync(Http, QueueCalls.Id(blocker), item => QueueCalls.Status(item) is "completed" or "failed", "finished");
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> DeleteAsync(string id)
    {
        using var response = await Http.DeleteAsync($"/api/queue/{id}");
        return (response.StatusCode, System.Text.Json.JsonSerializer.Deserialize<JsonObject>(await response.Content.ReadAsStringAsync()) ?? []);
    }
}

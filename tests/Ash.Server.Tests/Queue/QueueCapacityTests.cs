using System.Net;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Queue;

/// <summary>Two live sandboxes, one of them reserved for interactive sessions.</summary>
public sealed class TwoSandboxQueueFixture : QueueFixture
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>(base.Settings!)
    {
        ["Ash:Sessions:MaxLiveSandboxes"] = "2",
        ["Ash:Queue:ReservedSandboxes"] = "1",
    };
}

public sealed class QueueCapacityTests(TwoSandboxQueueFixture platform) : IClassFixture<TwoSandboxQueueFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Job_WaitsPendingWhileOnlyTheReservedSandboxIsFree_ThenRuns()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        var job = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "when there is room" });

        // Several polls go by with one slot free, the reserved one: the job is not taken.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var waiting = await QueueCalls.GetAsync(Http, QueueCalls.Id(job));
        Assert.Equal("pending", QueueCalls.Status(waiting));
        Assert.Null(waiting["startedAt"]);

        // The reserved slot is the user's: an interactive create still gets it.
        var second = await Api.CreateSessionAsync(Http, agent);
        await Api.ChangeAsync(Http, second, "delete");
        await Api.ChangeAsync(Http, session, "delete");

        var done = await QueueCalls.WaitForStatusAsync(Http, QueueCalls.Id(job), "completed");
        Assert.Equal("Hello! You said: when there is room", done["result"]!["text"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Api.LifecycleAsync(Http, QueueCalls.SessionOf(done), "delete")).Status);
    }
}

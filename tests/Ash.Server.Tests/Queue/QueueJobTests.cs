using System.Net;
using Ash.Core.Auth;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Queue;

public sealed class QueueJobTests(QueueFixture platform) : IClassFixture<QueueFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Enqueue_WithoutSession_CompletesWithResultInAStoppedSessionOfItsOwn()
    {
        var agent = await Api.DeployAgentAsync(Http);

        var queued = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "summarise the report" });
        var done = await QueueCalls.WaitForAsync(Http, QueueCalls.Id(queued), item => QueueCalls.Status(item) is "completed" or "failed", "finished");

        Assert.Equal("pending", QueueCalls.Status(queued));
        Assert.Equal("completed", QueueCalls.Status(done));
        Assert.Equal("Hello! You said: summarise the report", done["result"]!["text"]!.GetValue<string>());
        Assert.Equal("Hello! You said: summarise the report", done["result"]!["turnComplete"]!["result"]!.GetValue<string>());
        Assert.Equal(0, done["retryCount"]!.GetValue<int>());
        Assert.NotNull(done["completedAt"]);
        var session = QueueCalls.SessionOf(done);
        Assert.Equal("stopped", await Api.StatusOfAsync(Http, session));

        // The turn went the way of any message: its history is the session's.
        var messages = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray();
        Assert.Equal("""{"type":"user","content":"summarise the report"}""", messages[0]!["content"]!.GetValue<string>());
        Assert.Contains(messages, message => message!["role"]!.GetValue<string>() == "assistant");
        Assert.NotEmpty(await Api.EventsOfTypeAsync(Http, session, "turn_complete"));
    }

    [Fact]
    public async Task Enqueue_InTheTenantsSession_RunsThereAndLeavesItActive()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        var queued = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "in my session", sessionId = session });
        var done = await QueueCalls.WaitForStatusAsync(Http, QueueCalls.Id(queued), "completed");

        Assert.Equal(session, QueueCalls.SessionOf(done));
        Assert.Equal("Hello! You said: in my session", done["result"]!["text"]!.GetValue<string>());
        Assert.Equal("active", await Api.StatusOfAsync(Http, session));
    }

    [Fact]
    public async Task Enqueue_TurnKeepsFailing_RetriesThenFails()
    {
        var agent = await Api.DeployAgentAsync(Http);

        var queued = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "[[error:400]]", maxRetries = 2 });
        var failed = await QueueCalls.WaitForAsync(Http, QueueCalls.Id(queued), item => QueueCalls.Status(item) is "completed" or "failed", "finished");

        Assert.Equal("failed", QueueCalls.Status(failed));
        Assert.Equal(3, failed["retryCount"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(failed["error"]!.GetValue<string>()));
        Assert.Null(failed["result"]);

        // Each attempt had a session of its own, ended after its failure.
        Assert.Equal("ended", await Api.StatusOfAsync(Http, QueueCalls.SessionOf(failed)));
    }

    [Fact]
    public async Task Enqueue_AnotherTenantsSession_Is400_AndItemsStayWithTheirTenant()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        using var other = await OtherTenantAsync();
        await Api.DeployAgentAsync(other, name: agent);

        var (status, body) = await QueueCalls.PostAsync(other, $$"""{"agentName":"{{agent}}","prompt":"x","sessionId":"{{session}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("session_not_found", body["code"]!.GetValue<string>());
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());

        var mine = await QueueCalls.EnqueueAsync(Http, new { agentName = agent, prompt = "mine", sessionId = session });
        using var get = await other.GetAsync($"/api/queue/{QueueCalls.Id(mine)}");
        using var cancel = await other.DeleteAsync($"/api/queue/{QueueCalls.Id(mine)}");
        var theirs = (await Api.GetJsonAsync(other, "/api/queue"))["items"]!.AsArray();
        var theirStats = (await Api.GetJsonAsync(other, "/api/queue/stats"))["stats"]!;

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        Assert.Empty(theirs);
        Assert.Equal(0, theirStats["pending"]!.GetValue<long>() + theirStats["processing"]!.GetValue<long>() + theirStats["completed"]!.GetValue<long>());
        await QueueCalls.WaitForStatusAsync(Http, QueueCalls.Id(mine), "completed");
    }

    [Fact]
    public async Task List_And_Stats_ShowTheTenantsJobs()
    {
        using var tenant = await OtherTenantAsync();
        var agent = await Api.DeployAgentAsync(tenant);
        var first = await QueueCalls.EnqueueAsync(tenant, new { agentName = agent, prompt = "one" });
        var second = await QueueCalls.EnqueueAsync(tenant, new { agentName = agent, prompt = "two" });
        await QueueCalls.WaitForStatusAsync(tenant, QueueCalls.Id(first), "completed");
        await QueueCalls.WaitForStatusAsync(tenant, QueueCalls.Id(second), "completed");

        var page = await Api.GetJsonAsync(tenant, "/api/queue?limit=1");
        var next = await Api.GetJsonAsync(tenant, $"/api/queue?limit=1&cursor={page["nextCursor"]!.GetValue<string>()}");
        var completed = (await Api.GetJsonAsync(tenant, "/api/queue?status=completed"))["items"]!.AsArray();
        var stats = (await Api.GetJsonAsync(tenant, "/api/queue/stats"))["stats"]!;

        Assert.Equal(QueueCalls.Id(second), page["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(QueueCalls.Id(first), next["items"]![0]!["id"]!.GetValue<string>());
        Assert.Null(next["nextCursor"]);
        Assert.Equal(2, completed.Count);
        Assert.Equal(2, stats["completed"]!.GetValue<long>());
        Assert.Equal(0, stats["pending"]!.GetValue<long>());
    }

    private async Task<HttpClient> OtherTenantAsync()
    {
        var key = ApiKeyHash.Generate();
        await platform.Server.Services.GetRequiredService<IApiKeyStore>()
            .AddAsync("tenant-" + Guid.NewGuid().ToString("N")[..8], ApiKeyHash.Hash(key), "queue test", CancellationToken.None);
        return platform.Server.CreateClient(key);
    }
}

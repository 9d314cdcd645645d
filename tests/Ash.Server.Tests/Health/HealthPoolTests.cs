using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Health;

/// <summary>
/// <c>/health</c>'s <c>pool</c> carries every field Ash's clients read (issue 13), counted from the server's
/// sandboxes: a session's process moves from waiting to running and back, to cold when stopped, and resumes count.
/// </summary>
public sealed class HealthPoolTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly string[] Fields =
        ["total", "cold", "warming", "warm", "waiting", "running", "maxCapacity", "resumeWarmHits", "resumeColdHits", "preWarmHits"];

    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Pool_HasAshsFields_AndTotalIsTheirSum()
    {
        var pool = await PoolAsync();

        Assert.All(Fields, field => Assert.True(pool[field]!.GetValue<long>() >= 0, field));
        Assert.Equal(
            pool["cold"]!.GetValue<int>() + pool["warming"]!.GetValue<int>() + pool["warm"]!.GetValue<int>() + pool["waiting"]!.GetValue<int>() + pool["running"]!.GetValue<int>(),
            pool["total"]!.GetValue<int>());
        Assert.True(pool["maxCapacity"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Pool_FollowsASession_WaitingRunningColdAndItsResumes()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "wake up");
        var idle = await PoolAsync();
        Assert.True(idle["waiting"]!.GetValue<int>() >= 1, idle.ToJsonString());

        await using (var turn = await OpenStream.SendAsync(Http, session, "[[slow:200:15]]"))
        {
            await turn.ReadUntilAsync("text_delta");
            var busy = await PoolAsync();
            Assert.Equal(idle["running"]!.GetValue<int>() + 1, busy["running"]!.GetValue<int>());
            Assert.Equal(idle["waiting"]!.GetValue<int>() - 1, busy["waiting"]!.GetValue<int>());
            await turn.ReadUntilAsync("done");
        }

        await Api.ChangeAsync(Http, session, "pause");
        await Api.ChangeAsync(Http, session, "resume");
        var warmResumed = await PoolAsync();
        Assert.Equal(idle["resumeWarmHits"]!.GetValue<long>() + 1, warmResumed["resumeWarmHits"]!.GetValue<long>());

        await Api.ChangeAsync(Http, session, "stop");
        var stopped = await PoolAsync();
        Assert.Equal(idle["cold"]!.GetValue<int>() + 1, stopped["cold"]!.GetValue<int>());
        Assert.Equal(idle["waiting"]!.GetValue<int>() - 1, stopped["waiting"]!.GetValue<int>());

        await Api.ChangeAsync(Http, session, "resume");
        var coldResumed = await PoolAsync();
        Assert.Equal(stopped["resumeColdHits"]!.GetValue<long>() + 1, coldResumed["resumeColdHits"]!.GetValue<long>());
        Assert.Equal(stopped["cold"]!.GetValue<int>() - 1, coldResumed["cold"]!.GetValue<int>());
    }

    private async Task<JsonObject> PoolAsync() => (await Api.GetJsonAsync(Http, "/health"))["pool"]!.AsObject();
}

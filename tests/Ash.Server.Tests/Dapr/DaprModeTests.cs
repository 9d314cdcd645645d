using System.Net;
using System.Text.Json;
using Ash.Server.Tests.Infrastructure;

namespace Ash.Server.Tests.Dapr;

/// <summary>The whole platform on Dapr building blocks, through the daprd stand-in (no real daprd can run here).</summary>
public sealed class DaprModeTests(DaprPlatformFixture platform) : IClassFixture<DaprPlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task ATurn_StreamsItsEvents_AndTheyCrossTheBroker()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        var before = platform.Mesh.GetPubSubCounts("ash-pubsub", "session-events");

        var frames = await Api.SendAsync(Http, session, "Say hello");

        Assert.Equal("done", frames[^1].Event);
        Assert.Contains(frames, frame => frame.Event == "text_delta");
        var seqs = frames.Where(frame => frame.Id is not null).Select(frame => frame.Id!.Value).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Distinct().Count(), seqs.Count);

        // Every batch the turn wrote was published, delivered back to this app's subscription and acknowledged.
        var after = await WaitForAsync(
            () => platform.Mesh.GetPubSubCounts("ash-pubsub", "session-events"),
            counts => counts.Acknowledged > before.Acknowledged && counts.Acknowledged - before.Acknowledged == counts.Published - before.Published);
        Assert.True(after.Published > before.Published);
        Assert.Equal(0, after.Dropped - before.Dropped);
    }

    [Fact]
    public async Task TheIdleStop_ArrivesAsADaprReminder_OfTheSessionActor()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        await Api.SendAsync(Http, session, "Say hello");

        await Api.WaitForStatusAsync(Http, session, "stopped", TimeSpan.FromSeconds(60));

        Assert.Null(platform.Server.AgentPidOf(session));
        Assert.Contains(platform.Mesh.ActiveActors, actor => actor.ActorType == "session" && actor.ActorId == session.ToString());
    }

    [Fact]
    public async Task TheSidecar_SeesOurActorTypeAndSubscription()
    {
        using var sidecar = new HttpClient { BaseAddress = platform.Mesh.Sidecar(DaprPlatformFixture.AppId).BaseUrl };
        sidecar.DefaultRequestHeaders.Add("dapr-api-token", DaprPlatformFixture.SidecarToken);

        using var metadata = JsonDocument.Parse(await sidecar.GetStringAsync("/v1.0/metadata", TestContext.Current.CancellationToken));
        using var plain = new HttpClient();
        using var onTheApi = await plain.GetAsync(new Uri(platform.Server.BaseUrl, "/dapr/config"), TestContext.Current.CancellationToken);
        using var refused = await plain.GetAsync(new Uri(platform.AppUrl, "/dapr/config"), TestContext.Current.CancellationToken);
        using var health = await plain.GetAsync(new Uri(platform.AppUrl, "/healthz"), TestContext.Current.CancellationToken);
        using var noApi = await plain.GetAsync(new Uri(platform.AppUrl, "/api/agents"), TestContext.Current.CancellationToken);

        var root = metadata.RootElement;
        Assert.Contains(root.GetProperty("actors").EnumerateArray(), actor => actor.GetProperty("type").GetString() == "session");
        Assert.Contains(root.GetProperty("subscriptions").EnumerateArray(), subscription =>
            subscription.GetProperty("pubsubname").GetString() == "ash-pubsub" && subscription.GetProperty("topic").GetString() == "session-events");
        Assert.Equal(HttpStatusCode.NotFound, onTheApi.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noApi.StatusCode);
    }

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan? timeout = null) =>
        await WaitForAsync(() => Task.FromResult(read()), done, timeout);

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var value = await read();
        while (!done(value) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
            value = await read();
        }

        return value;
    }
}

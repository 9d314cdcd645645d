using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Server.Tests.Messages;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Ash.Testing.Server;

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
        // The create's own batches may still be on their way: count from a broker that has settled them all.
        var before = Broker();
        await Eventually.TrueAsync(() => Settled(before = Broker()), () => $"the broker to settle the create's batches ({before})");

        var frames = await Api.SendAsync(Http, session, "Say hello");

        Assert.Equal("done", frames[^1].Event);
        Assert.Contains(frames, frame => frame.Event == "text_delta");
        var seqs = frames.Where(frame => frame.Id is not null).Select(frame => frame.Id!.Value).ToList();
        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Distinct().Count(), seqs.Count);

        // Every batch the turn wrote was published, delivered back to this app's subscription and acknowledged.
        var after = Broker();
        await Eventually.TrueAsync(
            () => (after = Broker()).Acknowledged > before.Acknowledged && Settled(after),
            () => $"the turn's batches to be delivered and acknowledged ({before} → {after})");
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

    [Fact]
    public async Task AnAttachmentReference_ReachesTheModelAsAnImage_AndTheHistoryKeepsTheReference()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        // A real image: the CLI reads its dimensions and puts a note in place of one it cannot read.
        var bytes = Convert.FromBase64String(AttachmentBlocksTests.PngBase64);
        using var upload = await Http.PostAsJsonAsync(
            $"/api/sessions/{session}/attachments",
            new { filename = "photo.png", content = Convert.ToBase64String(bytes), mimeType = "image/png" },
            TestContext.Current.CancellationToken);
        await Api.EnsureStatusAsync(upload, HttpStatusCode.Created);
        var id = (await upload.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["attachment"]!["id"]!.GetValue<string>();
        var marker = "dapr-image-" + Guid.NewGuid().ToString("N");
        var seen = platform.Model.Requests.Count;

        var frames = await Api.SendBodyAsync(Http, session, new { content = marker, attachments = new[] { id } });

        Assert.True(frames[^1].Event == "done" && frames.All(f => f.Event != "error"), string.Join("\n", frames.Select(f => $"{f.Event} {f.Data}")));
        var request = platform.Model.Requests.Skip(seen).First(r => r.UserTexts.Any(t => t.Contains(marker, StringComparison.Ordinal)));
        var image = JsonNode.Parse(request.Body)!["messages"]!.AsArray()
            .Where(m => m!["role"]!.GetValue<string>() == "user" && m["content"] is JsonArray)
            .SelectMany(m => m!["content"]!.AsArray())
            .Single(b => b!["type"]!.GetValue<string>() == "image")!;
        Assert.Equal("image/png", image["source"]!["media_type"]!.GetValue<string>());
        Assert.Equal(bytes, Convert.FromBase64String(image["source"]!["data"]!.GetValue<string>()));
        var history = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray()[0]!["content"]!.GetValue<string>();
        Assert.Contains(id, history);
        Assert.DoesNotContain(AttachmentBlocksTests.PngBase64[..40], history);
    }

    private PubSubCounts Broker() => platform.Mesh.GetPubSubCounts("ash-pubsub", "session-events");

    // Every message published so far was acknowledged or given up: nothing is on its way.
    private static bool Settled(PubSubCounts counts) => counts.Acknowledged + counts.Dropped + counts.DeadLettered == counts.Published;
}

using System.Net;
using System.Text;
using Ash.Dapr.Client;
using Ash.Dapr.Tests.App;
using Ash.Dapr.Tests.Sidecar;
using Ash.Testing.Common;

namespace Ash.Dapr.Tests.Client;

/// <summary>Our Dapr client against the daprd stand-in, with our own app endpoints behind the sidecar.</summary>
public sealed class DaprClientTests : IAsyncLifetime
{
    private const string Token = "client-test-token";
    private readonly RecordingActorType _actor = new("thing");
    private readonly RecordingSubscription _events = new("ash-pubsub", "session-events");
    private AppBehindSidecar _host = null!;
    private DaprClient _dapr = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await AppBehindSidecar.StartAsync(_ => [_actor], [_events], Token, TestContext.Current.CancellationToken);
        _dapr = _host.Dapr;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task State_SavesReadsAndDeletes_WithETags()
    {
        await _dapr.SaveStateAsync("ash-state", [StateOperation.Upsert("k", Json("""{"v":1}"""))], Cancel);
        var first = await _dapr.GetStateAsync("ash-state", "k", Cancel);
        await _dapr.SaveStateAsync("ash-state", [StateOperation.Upsert("k", Json("""{"v":2}"""), first!.ETag)], Cancel);
        var stale = await Assert.ThrowsAsync<DaprException>(() => _dapr.SaveStateAsync("ash-state", [StateOperation.Upsert("k", Json("""{"v":3}"""), first.ETag)], Cancel));
        var existing = await Assert.ThrowsAsync<DaprException>(() => _dapr.SaveStateAsync("ash-state", [StateOperation.Insert("k", Json("0"))], Cancel));
        var second = await _dapr.GetStateAsync("ash-state", "k", Cancel);
        await _dapr.DeleteStateAsync("ash-state", "k", second!.ETag, Cancel);

        Assert.Equal("""{"v":1}""", Encoding.UTF8.GetString(first.Json));
        Assert.NotNull(first.ETag);
        Assert.True(stale.IsETagMismatch);
        Assert.True(existing.IsETagMismatch);
        Assert.Equal("""{"v":2}""", Encoding.UTF8.GetString(second.Json));
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Null(await _dapr.GetStateAsync("ash-state", "k", Cancel));
    }

    [Fact]
    public async Task StateTransaction_IsAllOrNothing()
    {
        await _dapr.SaveStateAsync("ash-state", [StateOperation.Upsert("a", Json("1")), StateOperation.Upsert("b", Json("1"))], Cancel);
        var a = await _dapr.GetStateAsync("ash-state", "a", Cancel);

        await _dapr.TransactStateAsync("ash-state", [StateOperation.Upsert("a", Json("2"), a!.ETag), StateOperation.Delete("b")], Cancel);
        var failed = await Assert.ThrowsAsync<DaprException>(() =>
            _dapr.TransactStateAsync("ash-state", [StateOperation.Upsert("c", Json("3")), StateOperation.Upsert("a", Json("9"), a.ETag)], Cancel));

        Assert.Equal("2", Encoding.UTF8.GetString((await _dapr.GetStateAsync("ash-state", "a", Cancel))!.Json));
        Assert.Null(await _dapr.GetStateAsync("ash-state", "b", Cancel));
        Assert.Null(await _dapr.GetStateAsync("ash-state", "c", Cancel));
        Assert.Equal((HttpStatusCode.InternalServerError, "ERR_STATE_TRANSACTION"), (failed.StatusCode, failed.ErrorCode));
        Assert.False(failed.IsETagMismatch);
    }

    [Fact]
    public async Task Actors_AreInvoked_AndTheirFailuresCarryDaprdsCode()
    {
        var echoed = await _dapr.InvokeActorAsync("thing", "a-1", "echo", Json("""{"hello":"actor"}"""), Cancel);
        var failed = await Assert.ThrowsAsync<DaprException>(() => _dapr.InvokeActorAsync("thing", "a-1", "fail", Json("{}"), Cancel));

        Assert.Equal("""{"hello":"actor"}""", Encoding.UTF8.GetString(echoed));
        Assert.Equal((HttpStatusCode.InternalServerError, "ERR_ACTOR_INVOKE_METHOD"), (failed.StatusCode, failed.ErrorCode));
        Assert.Contains("the actor failed on purpose", failed.Message, StringComparison.Ordinal);
        Assert.Equal((500, "actor_failed"), (failed.AppStatusCode, failed.AppErrorCode));
        Assert.False(failed.IsRefusedByApp);
    }

    [Fact]
    public async Task AnActorsRefusal_ReachesTheCaller_WithTheAppsStatusAndCode_AndIsNotRetried()
    {
        var unknown = await Assert.ThrowsAsync<DaprException>(() => _dapr.InvokeActorAsync("thing", "a-2", "nope", Json("{}"), Cancel));
        var elsewhere = await Assert.ThrowsAsync<DaprException>(() => _dapr.InvokeActorAsync("nobody", "a-2", "echo", Json("{}"), Cancel));

        // daprd relays the app's answer inside its own 500 ERR_ACTOR_INVOKE_METHOD (§1.2); we read the app's part back.
        Assert.Equal((HttpStatusCode.InternalServerError, "ERR_ACTOR_INVOKE_METHOD"), (unknown.StatusCode, unknown.ErrorCode));
        Assert.Equal((404, "actor_method_not_found"), (unknown.AppStatusCode, unknown.AppErrorCode));
        Assert.True(unknown.IsRefusedByApp);
        Assert.Contains("has no method 'nope'", unknown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"", unknown.Message, StringComparison.Ordinal);
        Assert.Single(_actor.Calls, call => call.StartsWith("a-2.nope", StringComparison.Ordinal));
        Assert.Null(elsewhere.AppStatusCode);
    }

    [Fact]
    public async Task ActorState_IsWrittenInATransaction_AndReadBack()
    {
        await _dapr.InvokeActorAsync("thing", "s-1", "echo", Json("{}"), Cancel);

        await _dapr.TransactActorStateAsync("thing", "s-1", [ActorStateOperation.Upsert("node", Json("\"a\"")), ActorStateOperation.Upsert("gone", Json("1"))], Cancel);
        await _dapr.TransactActorStateAsync("thing", "s-1", [ActorStateOperation.Delete("gone")], Cancel);

        Assert.Equal("\"a\"", Encoding.UTF8.GetString((await _dapr.GetActorStateAsync("thing", "s-1", "node", Cancel))!));
        Assert.Null(await _dapr.GetActorStateAsync("thing", "s-1", "gone", Cancel));
    }

    [Fact]
    public async Task AReminder_FiresWithItsData_AndStopsOnceHandled()
    {
        await _dapr.SetReminderAsync("thing", "r-1", "lifecycle", new ActorReminder(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), Json("\"payload\"")), Cancel);

        await Eventually.TrueAsync(() => _actor.Calls.Any(call => call.StartsWith("r-1.remind/lifecycle", StringComparison.Ordinal)), "the reminder to fire");
        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancel);

        var fired = _actor.Calls.Where(call => call.StartsWith("r-1.remind/lifecycle", StringComparison.Ordinal)).ToList();
        Assert.Single(fired);
        Assert.EndsWith("|\"payload\"", fired[0], StringComparison.Ordinal);
        await _dapr.DeleteReminderAsync("thing", "r-2", "never-set", Cancel);
    }

    [Fact]
    public async Task Publish_ReachesTheSubscriber_AsTheCloudEventsData()
    {
        await _dapr.PublishAsync("ash-pubsub", "session-events", Json("""{"n":7}"""), Cancel);

        await Eventually.TrueAsync(() => !_events.Received.IsEmpty, "the message to be delivered");
        var (delivery, data) = Assert.Single(_events.Received);
        Assert.Equal("""{"n":7}""", data);
        Assert.Equal("app", delivery.Source);
    }

    [Fact]
    public async Task TheApiToken_IsSent_AndWithoutItTheSidecarRefuses()
    {
        using var http = new HttpClient();
        var anonymous = new DaprClient(http, new DaprClientOptions(_host.Mesh.Sidecar("app").BaseUrl, ApiToken: null));

        var refused = await Assert.ThrowsAsync<DaprException>(() => anonymous.GetStateAsync("ash-state", "x", Cancel));
        await anonymous.WaitForOutboundAsync(TimeSpan.FromSeconds(5), TimeProvider.System, Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Metadata_ListsOurActorType_AndOutboundWaitGivesUpOnNoSidecar()
    {
        var metadata = await _dapr.GetMetadataAsync(Cancel);
        using var http = new HttpClient();
        var nobody = new DaprClient(http, new DaprClientOptions(new Uri($"http://127.0.0.1:{DaprAppHost.FreePort()}/"), null));

        var notReady = await Assert.ThrowsAsync<DaprException>(() => nobody.WaitForOutboundAsync(TimeSpan.FromMilliseconds(300), TimeProvider.System, Cancel));

        Assert.Equal("app", metadata.AppId);
        Assert.Contains("thing", metadata.ActorTypes);
        Assert.Contains("ash-state", metadata.Components);
        Assert.Equal("ERR_HEALTH_NOT_READY", notReady.ErrorCode);
    }
}

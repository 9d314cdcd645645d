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
    private AppBehindSidecar _host = null!;
    private DaprClient _dapr = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await AppBehindSidecar.StartAsync(_ => [_actor], [], Token, TestContext.Current.CancellationToken);
        _dapr = _host.Dapr;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

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
    public async Task TheApiToken_IsSent_AndWithoutItTheSidecarRefuses()
    {
        using var http = new HttpClient();
        var anonymous = new DaprClient(http, new DaprClientOptions(_host.Mesh.Sidecar("app").BaseUrl, ApiToken: null));

        var refused = await Assert.ThrowsAsync<DaprException>(() => anonymous.GetActorStateAsync("thing", "s-9", "node", Cancel));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task ActorRuntime_IsReadFromTheMetadata()
    {
        var runtime = await _dapr.GetActorRuntimeAsync(Cancel);

        Assert.Equal("RUNNING", runtime.RuntimeStatus);
        Assert.Equal("placement: connected", runtime.Placement);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Ash.Dapr.Client;

namespace Ash.Dapr.Tests.App;

/// <summary>Our actor endpoints answer exactly as daprd expects (dapr-http-api.md §1.2, §1.7, §10.1).</summary>
public sealed class ActorEndpointConformanceTests : IAsyncLifetime
{
    private readonly RecordingActorType _actor = new("thing");
    private DaprAppHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await DaprAppHost.StartAsync([_actor, new RecordingActorType("other")], []);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Config_ListsTheHostedTypes_WithGoDurations()
    {
        using var response = await _host.Http.GetAsync("/dapr/config", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = json.RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["thing", "other"], root.GetProperty("entities").EnumerateArray().Select(e => e.GetString()));
        Assert.True(GoDuration.TryParse(root.GetProperty("actorIdleTimeout").GetString(), out var idle));
        Assert.Equal(TimeSpan.FromMinutes(2), idle);
        Assert.True(GoDuration.TryParse(root.GetProperty("drainOngoingCallTimeout").GetString(), out _));
        Assert.False(root.GetProperty("reentrancy").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Method_AnswersExactly200_WithTheBody()
    {
        using var response = await _host.Http.PutAsync("/actors/thing/a-1/method/echo", Json("""{"x":1}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"x":1}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("a-1.echo:{\"x\":1}", _actor.Calls);
    }

    [Fact]
    public async Task UnknownMethodOrType_Is404_WhichDaprDoesNotRetry()
    {
        using var method = await _host.Http.PutAsync("/actors/thing/a/method/nope", Json("{}"), TestContext.Current.CancellationToken);
        using var type = await _host.Http.PutAsync("/actors/unknown/a/method/echo", Json("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, method.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, type.StatusCode);
    }

    [Fact]
    public async Task FailingMethod_Is500_WithTheMessageAndNoStackTrace()
    {
        using var response = await _host.Http.PutAsync("/actors/thing/a/method/fail", Json("{}"), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("the actor failed on purpose", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_GetsItsDataBack_AndIsCancelledOnceHandled()
    {
        using var done = await _host.Http.PutAsync("/actors/thing/r/method/remind/lifecycle", Json("""{"dueTime":"0s","period":"10000ms","data":"payload"}"""), TestContext.Current.CancellationToken);
        _actor.ReminderAnswer = false;
        using var kept = await _host.Http.PutAsync("/actors/thing/r/method/remind/idle", Json("""{"dueTime":"5s"}"""), TestContext.Current.CancellationToken);
        _actor.ReminderAnswer = null;
        using var failed = await _host.Http.PutAsync("/actors/thing/r/method/remind/broken", Json("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("true", done.Headers.GetValues("X-DaprReminderCancel").Single());
        Assert.Contains("r.remind/lifecycle:0s|10000ms|\"payload\"", _actor.Calls);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.False(kept.Headers.Contains("X-DaprReminderCancel"));
        Assert.Contains("r.remind/idle:5s||null", _actor.Calls);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
    }

    [Fact]
    public async Task Timer_IsAcknowledgedAndCancelled()
    {
        using var response = await _host.Http.PutAsync("/actors/thing/t/method/timer/tick", Json("""{"callback":"x","dueTime":"0s","period":"1s"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-DaprReminderCancel").Single());
    }

    [Fact]
    public async Task Deactivation_Is200_AndReachesTheActor_AnUnknownTypeIs404()
    {
        using var known = await _host.Http.DeleteAsync("/actors/thing/gone", TestContext.Current.CancellationToken);
        using var unknown = await _host.Http.DeleteAsync("/actors/unknown/gone", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("gone.deactivate", _actor.Calls);
    }
}

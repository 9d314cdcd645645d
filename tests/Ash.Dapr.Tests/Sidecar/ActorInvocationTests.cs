using System.Net;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Actor method calls (reference §1.2–1.5): forwarding, the 200-only rule, errors and the turn lock.</summary>
public sealed class ActorInvocationTests : IAsyncLifetime
{
    private TestMesh testMesh = null!;
    private SidecarClient caller = null!;
    private TestDaprApp host = null!;

    public async ValueTask InitializeAsync()
    {
        testMesh = await TestMesh.StartAsync(
        [
            (new SidecarDefinition("host"), TestDaprAppOptions.Hosting("Echo", "Counter")),
            (new SidecarDefinition("caller"), new TestDaprAppOptions(ConfigJson: null)),
        ]);
        caller = testMesh.Client("caller");
        host = testMesh.App("host");
    }

    public async ValueTask DisposeAsync()
    {
        caller.Dispose();
        await testMesh.DisposeAsync();
    }

    [Fact]
    public async Task Invoke_AnyVerb_IsForwardedAsPutWithBodyQueryAndHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1.0/actors/Echo/a1/method/doIt?x=1&y=two")
        {
            Content = new StringContent("""{"n":42}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Custom", "kept");
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        using var response = await caller.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"n":42}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var call = Assert.Single(host.CallsTo("doIt"));
        Assert.Equal("PUT", call.HttpMethod);
        Assert.Equal(("Echo", "a1"), (call.ActorType, call.ActorId));
        Assert.Equal("?x=1&y=two", call.Query);
        Assert.Equal("""{"n":42}""", call.Body);
        Assert.StartsWith("application/json", call.ContentType, StringComparison.Ordinal);
        Assert.Equal("kept", call.Headers["X-Custom"]);

        // daprd propagates the caller's trace context to the app (reference §1.4).
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", call.Headers["traceparent"]);
    }

    [Fact]
    public async Task Invoke_GetAndDelete_AlsoReachTheAppAsPut()
    {
        await caller.SendAsync(HttpMethod.Get, "/v1.0/actors/Echo/a2/method/read");
        await caller.SendAsync(HttpMethod.Delete, "/v1.0/actors/Echo/a2/method/remove");

        Assert.All(host.ActorCalls.Where(c => c.ActorId == "a2"), call => Assert.Equal("PUT", call.HttpMethod));
        Assert.Equal(2, host.ActorCalls.Count(c => c.ActorId == "a2"));
    }

    [Fact]
    public async Task Invoke_AppResponseHeadersAndContentType_AreRelayed()
    {
        host.OnActorCall = _ => Task.FromResult<IResult>(new HeaderResult("X-From-App", "yes", Results.Text("plain", "text/plain")));

        using var response = await caller.PostAsync("/v1.0/actors/Echo/a3/method/m", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("yes", response.Headers.GetValues("X-From-App").Single());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("plain", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(StatusCodes.Status204NoContent)]
    [InlineData(StatusCodes.Status201Created)]
    [InlineData(StatusCodes.Status404NotFound)]
    [InlineData(StatusCodes.Status500InternalServerError)]
    public async Task Invoke_AppAnswersOtherThan200_CallerGets500InvokeMethod(int appStatus)
    {
        host.OnActorCall = _ => Task.FromResult(Results.Text("app said no", "text/plain", statusCode: appStatus));

        using var response = await caller.PostAsync("/v1.0/actors/Echo/b1/method/m", "{}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var (code, message) = await SidecarClient.ReadErrorAsync(response);
        Assert.Equal("ERR_ACTOR_INVOKE_METHOD", code);
        if (appStatus != StatusCodes.Status204NoContent)
        {
            Assert.Contains("app said no", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Invoke_200WithErrorHeader_IsRelayedAsActorError()
    {
        host.OnActorCall = _ => Task.FromResult<IResult>(new HeaderResult("X-DaprErrorResponseHeader", "true", Results.Text("""{"exception":"boom"}""", "application/json")));

        using var response = await caller.PostAsync("/v1.0/actors/Echo/c1/method/m", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("X-DaprErrorResponseHeader"));
        Assert.Equal("""{"exception":"boom"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Invoke_TypeWithoutHost_Returns500NamingTheType()
    {
        using var response = await caller.PostAsync("/v1.0/actors/Unhosted/x/method/m", "{}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var (code, message) = await SidecarClient.ReadErrorAsync(response);
        Assert.Equal("ERR_ACTOR_INVOKE_METHOD", code);
        Assert.Contains("Unhosted", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_SameActorConcurrently_NeverOverlaps()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var overlap = new OverlapCounter();
        host.OnActorCall = async call =>
        {
            using (overlap.Enter(call.ActorId))
            {
                await release.Task;
            }

            return Results.Ok();
        };

        var calls = Enumerable.Range(0, 5).Select(i => caller.PostAsync("/v1.0/actors/Counter/same/method/inc", $"{i}")).ToList();
        await Eventually.TrueAsync(() => overlap.Entered >= 1, "the first call to reach the app");
        // Give queued calls every chance to (wrongly) reach the app while the first one holds the turn.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var enteredWhileHeld = overlap.Entered;
        release.SetResult();
        var responses = await Task.WhenAll(calls);

        Assert.Equal(1, enteredWhileHeld);
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(5, overlap.Entered);
        Assert.Equal(1, overlap.MaxConcurrent("same"));
    }

    [Fact]
    public async Task Invoke_DifferentActorsConcurrently_Overlap()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var overlap = new OverlapCounter();
        host.OnActorCall = async call =>
        {
            using (overlap.Enter("all"))
            {
                await release.Task;
            }

            return Results.Ok();
        };

        var first = caller.PostAsync("/v1.0/actors/Counter/one/method/inc", "{}");
        var second = caller.PostAsync("/v1.0/actors/Counter/two/method/inc", "{}");
        await Eventually.TrueAsync(() => overlap.MaxConcurrent("all") == 2, "both actors to run at once");
        release.SetResult();

        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second).StatusCode);
    }

    [Fact]
    public async Task Invoke_ActorIsTrackedAsActive_OnItsHost()
    {
        await caller.PostAsync("/v1.0/actors/Echo/tracked/method/m", "{}");

        Assert.Contains(new ActiveActor("Echo", "tracked", "host"), testMesh.Mesh.ActiveActors);
    }

    /// <summary>Adds one response header to another result.</summary>
    private sealed class HeaderResult(string name, string value, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

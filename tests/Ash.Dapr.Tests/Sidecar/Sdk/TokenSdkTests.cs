using System.Net;
using System.Security.Authentication;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>
/// Tokens as the SDK sends and checks them: the sidecar takes the SDK's <c>dapr-api-token</c> and refuses a wrong one;
/// the SDK app's own check (Dapr.AspNetCore's handler) refuses calls without <c>APP_API_TOKEN</c>, so every call that
/// works in the other SDK tests carried it from the stand-in.
/// </summary>
public sealed class TokenSdkTests : IAsyncLifetime
{
    private SdkMesh mesh = null!;

    public async ValueTask InitializeAsync() =>
        mesh = await SdkMesh.StartAsync(
        [
            ("counter", settings => SdkActorApp.StartAsync(settings, new SdkActorJournal(), idleTimeout: TimeSpan.FromHours(1))),
            ("subscriber", settings => SdkSubscriberApp.StartAsync(settings, new SubscriberInbox())),
            ("caller", null),
        ]);

    public ValueTask DisposeAsync() => mesh.DisposeAsync();

    [Fact]
    public async Task ActorProxy_WithTheApiToken_IsServed_AndWithAnotherIsRefused()
    {
        Assert.Equal(1, await mesh.Counter("caller", "token-1").AddAsync(1));

        var wrong = ActorProxy.Create<ICounterActor>(new ActorId("token-1"), CounterActor.TypeName, mesh.ProxyOptions("caller", apiToken: "not-the-token-0123456789"));
        // The SDK turns the sidecar's 401 into this exception, whatever the body says.
        var refused = await Assert.ThrowsAsync<AuthenticationException>(() => wrong.GetAsync());

        Assert.Equal("Invalid client credentials", refused.Message);
    }

    [Theory]
    [InlineData(0, "dapr/config")]
    [InlineData(0, "actors/Counter/token-2/method/GetAsync")]
    [InlineData(1, "dapr/subscribe")]
    [InlineData(1, "orders")]
    public async Task SdkApps_RefuseCallsWithoutTheAppToken(int app, string path)
    {
        using var http = new HttpClient { BaseAddress = mesh.Apps[app].BaseUrl };
        var method = path.StartsWith("actors/", StringComparison.Ordinal) ? HttpMethod.Put : path == "orders" ? HttpMethod.Post : HttpMethod.Get;

        using var response = await http.SendAsync(new HttpRequestMessage(method, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

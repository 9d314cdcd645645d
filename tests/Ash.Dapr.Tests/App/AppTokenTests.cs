using System.Net;
using System.Text;
using Ash.Dapr.App;

namespace Ash.Dapr.Tests.App;

/// <summary>With APP_API_TOKEN set, only calls carrying it as <c>dapr-api-token</c> reach the app (§9.3).</summary>
public sealed class AppTokenTests : IAsyncLifetime
{
    private const string Token = "app-token-for-tests";
    private readonly RecordingActorType _actor = new("thing");
    private readonly RecordingSubscription _events = new("ash-pubsub", "session-events");
    private DaprAppHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await DaprAppHost.StartAsync([_actor], [_events], Token);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = new StringContent("""{"specversion":"1.0","id":"1","data":{}}""", Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Add("dapr-api-token", token);
        }

        using var response = await _host.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("GET", "/dapr/config")]
    [InlineData("GET", "/dapr/subscribe")]
    [InlineData("PUT", "/actors/thing/a/method/echo")]
    [InlineData("PUT", "/actors/thing/a/method/remind/r")]
    [InlineData("PUT", "/actors/thing/a/method/timer/t")]
    [InlineData("DELETE", "/actors/thing/a")]
    [InlineData("POST", "/dapr/events/session-events")]
    public async Task EveryDaprRoute_RefusesAMissingOrWrongToken_AndTakesTheRightOne(string method, string path)
    {
        var verb = new HttpMethod(method);

        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(verb, path, null));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(verb, path, "wrong"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(verb, path, Token));
        Assert.DoesNotContain(_actor.Calls, call => call.Contains("wrong", StringComparison.Ordinal));
    }

    [Fact]
    public void NoToken_AllowsEverything()
    {
        Assert.False(new AppTokenCheck(null).IsEnabled);
        Assert.False(new AppTokenCheck("").IsEnabled);
    }
}

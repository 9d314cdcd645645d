using System.Net;
using System.Text;
using Ash.Dapr.App;

namespace Ash.Dapr.Tests.App;

/// <summary>
/// With APP_API_TOKEN set, only calls carrying it as <c>dapr-api-token</c> reach the app (§9.3): every route
/// daprd calls refuses a missing, wrong (of the same length or another), empty or repeated token with 401 in the
/// error shape, before the call reaches an actor.
/// </summary>
public sealed class AppTokenTests : IAsyncLifetime
{
    private const string Token = "app-token-for-tests";
    private readonly RecordingActorType _actor = new("thing");
    private readonly RecordingSubscription _events = new("ash-pubsub", "session-events");
    private DaprAppHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await DaprAppHost.StartAsync([_actor], [_events], Token);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/dapr/config" },
        { "GET", "/dapr/subscribe" },
        { "PUT", "/actors/thing/a/method/echo" },
        { "POST", "/actors/thing/a/method/echo" },
        { "PUT", "/actors/thing/a/method/remind/r" },
        { "PUT", "/actors/thing/a/method/timer/t" },
        { "DELETE", "/actors/thing/a" },
        { "POST", "/dapr/events/session-events" },
        { "PUT", "/actors/unknown/a/method/echo" },
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params string[] tokens)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get && method != HttpMethod.Delete)
        {
            request.Content = new StringContent("""{"specversion":"1.0","id":"1","data":{}}""", Encoding.UTF8, "application/json");
        }

        foreach (var token in tokens)
        {
            request.Headers.TryAddWithoutValidation(AppTokenCheck.Header, token);
        }

        return await _host.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryDaprRoute_RefusesAMissingOrWrongToken_AndTakesTheRightOne(string method, string path)
    {
        var verb = new HttpMethod(method);
        var sameLength = new string('x', Token.Length);
        var calls = _actor.Calls.Count;

        foreach (var wrong in new[] { Array.Empty<string>(), ["wrong"], [sameLength], [Token + "x"], [Token[..^1]], [""], [Token, Token], [Token.ToUpperInvariant()] })
        {
            using var refused = await SendAsync(verb, path, wrong);
            await ErrorShape.AssertAsync(refused, HttpStatusCode.Unauthorized, "unauthorized");
        }

        Assert.Equal(calls, _actor.Calls.Count);
        Assert.Empty(_events.Received);
        using var taken = await SendAsync(verb, path, Token);
        Assert.NotEqual(HttpStatusCode.Unauthorized, taken.StatusCode);
    }

    [Fact]
    public void TheCheck_ComparesWholeTokens()
    {
        var check = new AppTokenCheck(Token);

        Assert.True(check.IsEnabled);
        Assert.True(check.Matches(Token));
        Assert.False(check.Matches(null));
        Assert.False(check.Matches(string.Empty));
        Assert.False(check.Matches(Token[..^1]));
        Assert.False(check.Matches(Token + Token));
        Assert.False(check.Matches(new string('x', Token.Length)));
    }

    [Fact]
    public void NoToken_AllowsEverything()
    {
        Assert.False(new AppTokenCheck(null).IsEnabled);
        Assert.False(new AppTokenCheck("").IsEnabled);
        Assert.True(new AppTokenCheck(null).Matches("anything"));
    }
}

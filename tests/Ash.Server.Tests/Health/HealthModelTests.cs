using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Health;

/// <summary>
/// <c>/health.model</c> (issue 14): whether the server has a model key, and what the upstream did with the last request
/// sent with it — answered, refused, or not reached — with no secret in it. (What <c>ash status</c> makes of it: Ash.Cli.Tests.)
/// </summary>
public sealed class HealthModelTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task AfterATurn_TheUpstreamAnsweredTheServersKey()
    {
        var http = platform.Server.Http;
        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http));
        var before = DateTimeOffset.UtcNow;

        await Api.SendAsync(http, session, "hello");

        var model = await ModelAsync(http);
        Assert.True(model["credentialConfigured"]!.GetValue<bool>());
        var last = model["lastRequest"]!;
        Assert.Equal((true, 200, true), (last["answered"]!.GetValue<bool>(), last["status"]!.GetValue<int>(), last["ok"]!.GetValue<bool>()));
        Assert.True(last["at"]!.GetValue<DateTimeOffset>() >= before.AddSeconds(-1));
        Assert.DoesNotContain(PlatformFixture.RealModelKey, model.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyTheUpstreamRefuses_IsShownAsAnsweredButNotOk()
    {
        await using var server = await TestServer.StartAsync(platform.Model.BaseUrl, "sk-ant-not-the-key-the-model-takes");

        await RunAShortTurnAsync(server);

        var last = (await ModelAsync(server.Http))["lastRequest"]!;
        Assert.True(last["answered"]!.GetValue<bool>());
        Assert.Equal(401, last["status"]!.GetValue<int>());
        Assert.False(last["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AnUpstreamNobodyListensOn_IsShownAsNotAnswered()
    {
        await using var server = await TestServer.StartAsync(new Uri("http://127.0.0.1:9"), PlatformFixture.RealModelKey);

        await RunAShortTurnAsync(server);

        var last = (await ModelAsync(server.Http))["lastRequest"]!;
        Assert.False(last["answered"]!.GetValue<bool>());
        Assert.Null(last["status"]);
        Assert.False(last["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task WithoutAKey_HealthSaysSo()
    {
        await using var server = await TestServer.StartAsync(platform.Model.BaseUrl, modelKey: null);

        var model = await ModelAsync(server.Http);

        Assert.False(model["credentialConfigured"]!.GetValue<bool>());
        Assert.Null(model["lastRequest"]);
    }

    /// <summary>A turn cut after a few seconds: enough for the agent's first model request, not for its retries.</summary>
    private static async Task RunAShortTurnAsync(TestServer server)
    {
        var session = await Api.CreateSessionAsync(server.Http, await Api.DeployAgentAsync(server.Http));
        await Api.SendBodyAsync(server.Http, session, new { content = "hello", timeoutSeconds = (int)Short.TotalSeconds });
    }

    private static async Task<JsonObject> ModelAsync(HttpClient http) => (await Api.GetJsonAsync(http, "/health"))["model"]!.AsObject();
}

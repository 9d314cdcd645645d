using System.Text.Json.Nodes;
using Ash.Server.Tests.Cli;
using Ash.Server.Tests.Infrastructure;

namespace Ash.Server.Tests.Health;

/// <summary>
/// <c>/health.model</c> (issue 14): whether the server has a model key, and what the upstream did with the last request
/// sent with it — answered, refused, or not reached — with no secret in it; <c>ash status</c> warns when there is no key.
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
    public async Task WithoutAKey_HealthSaysSo_AndAshStatusWarns()
    {
        await using var server = await TestServer.StartAsync(platform.Model.BaseUrl, modelKey: null);
        var folder = Directory.CreateTempSubdirectory("ash-status-").FullName;
        try
        {
            var model = await ModelAsync(server.Http);
            var status = await CliRun.RunAsync(server.BaseUrl, TestServer.ApiKey, folder, "status");

            Assert.False(model["credentialConfigured"]!.GetValue<bool>());
            Assert.Null(model["lastRequest"]);
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("warning: the server has no model credential", status.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithAKey_AshStatusShowsTheUpstreamsLastAnswer_AndDoesNotWarn()
    {
        var http = platform.Server.Http;
        await Api.SendAsync(http, await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http)), "hello");
        var folder = Directory.CreateTempSubdirectory("ash-status-").FullName;
        try
        {
            var status = await CliRun.RunAsync(platform.Server.BaseUrl, TestServer.ApiKey, folder, "status");

            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Contains("credential set; upstream answered 200", status.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("warning:", status.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A turn cut after a few seconds: enough for the agent's first model request, not for its retries.</summary>
    private static async Task RunAShortTurnAsync(TestServer server)
    {
        var session = await Api.CreateSessionAsync(server.Http, await Api.DeployAgentAsync(server.Http));
        await Api.SendBodyAsync(server.Http, session, new { content = "hello", timeoutSeconds = (int)Short.TotalSeconds });
    }

    private static async Task<JsonObject> ModelAsync(HttpClient http) => (await Api.GetJsonAsync(http, "/health"))["model"]!.AsObject();
}

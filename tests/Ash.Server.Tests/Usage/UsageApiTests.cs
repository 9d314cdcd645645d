using System.Net;
using System.Text.Json.Nodes;
using Ash.Core.Auth;
using Ash.Core.Usage;
using Ash.Server.Tests.Credentials;
using Ash.Testing.Common;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Usage;

/// <summary>
/// Usage as the model proxy records it: real CLI turns against the fake model, whose every answer's usage is
/// known, read back through <c>/api/usage</c>, <c>/api/usage/stats</c> and <c>/api/analytics</c>.
/// </summary>
public sealed class UsageApiTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Turns_AreRecordedAsTheModelReportedThem_AndReadBackByEveryRoute()
    {
        var agent = await Api.DeployAgentAsync(Http);
        // A priced model (ModelPrices): the pinned CLI's default, claude-opus-5-5, has no published price here.
        var first = await Api.CreateSessionAsync(Http, agent, new { model = "claude-sonnet-4-5-20250929" });
        var second = await Api.CreateSessionAsync(Http, agent, new { model = "claude-sonnet-4-5-20250929" });
        Assert.Equal("done", (await Api.SendAsync(Http, first, "count me", timeout: TimeSpan.FromSeconds(120)))[^1].Event);
        Assert.Equal("done", (await Api.SendAsync(Http, first, "[[bash:echo tool]]", timeout: TimeSpan.FromSeconds(120)))[^1].Event);
        Assert.Equal("done", (await Api.SendAsync(Http, second, "me too", timeout: TimeSpan.FromSeconds(120)))[^1].Event);

        var reported = platform.Model.ReportedUsage;
        Assert.NotEmpty(reported);
        var expected = new JsonObject
        {
            ["totalInputTokens"] = reported.Sum(u => (long)u.InputTokens),
            ["totalOutputTokens"] = reported.Sum(u => (long)u.OutputTokens),
            ["totalCacheCreationTokens"] = reported.Sum(u => (long)u.CacheCreationTokens),
            ["totalCacheReadTokens"] = reported.Sum(u => (long)u.CacheReadTokens),
            ["totalToolCalls"] = 0,
            ["totalMessages"] = 0,
            ["totalComputeSeconds"] = 0,
            ["totalCostUsd"] = Math.Round(reported.Sum(u => ModelPrices.CostUsd(u.Model, u.InputTokens, u.OutputTokens, u.CacheCreationTokens, u.CacheReadTokens)), 6),
        };

        // Written off the proxy's path: it lands within moments of the answer.
        var stats = await WaitForStatsAsync("/api/usage/stats", expected["totalInputTokens"]!.GetValue<long>());
        Assert.Equal(expected.ToJsonString(), stats.ToJsonString());
        Assert.True(expected["totalCostUsd"]!.GetValue<decimal>() > 0, "the CLI's models are priced: " + string.Join(", ", reported.Select(u => u.Model).Distinct()));

        var events = (await Api.GetJsonAsync(Http, "/api/usage?limit=1000"))["events"]!.AsArray();
        Assert.Equal(reported.Count * 5, events.Count);
        var one = events[0]!.AsObject();
        Assert.Equal(["id", "tenantId", "sessionId", "agentName", "eventType", "value", "createdAt", "model"], one.Select(p => p.Key).ToArray());
        Assert.Equal("default", one["tenantId"]!.GetValue<string>());
        Assert.Equal(agent, one["agentName"]!.GetValue<string>());
        var times = events.Select(e => DateTimeOffset.Parse(e!["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);

        var perSession = (await Api.GetJsonAsync(Http, $"/api/usage/stats?sessionId={second}"))["stats"]!["totalInputTokens"]!.GetValue<long>();
        var firstOnly = (await Api.GetJsonAsync(Http, $"/api/usage/stats?sessionId={first}"))["stats"]!["totalInputTokens"]!.GetValue<long>();
        Assert.True(perSession > 0 && firstOnly > perSession, $"first {firstOnly}, second {perSession}");
        Assert.Equal(expected["totalInputTokens"]!.GetValue<long>(), perSession + firstOnly);
        Assert.All((await Api.GetJsonAsync(Http, $"/api/usage?sessionId={second}&limit=1000"))["events"]!.AsArray(), e => Assert.Equal(second.ToString(), e!["sessionId"]!.GetValue<string>()));
        Assert.Equal(0, (await Api.GetJsonAsync(Http, $"/api/usage/stats?agentName=nobody"))["stats"]!["totalInputTokens"]!.GetValue<long>());
        Assert.Equal(0, (await Api.GetJsonAsync(Http, $"/api/usage/stats?after={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"))["stats"]!["totalInputTokens"]!.GetValue<long>());

        // Paging: pages of 7 give every event once, newest first.
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Api.GetJsonAsync(Http, "/api/usage?limit=7" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            paged.AddRange(page["events"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        Assert.Equal(events.Select(e => e!["id"]!.GetValue<string>()), paged);

        var analytics = await Api.GetJsonAsync(Http, "/api/analytics");
        Assert.Equal(["agents", "sessions", "usage", "evals"], analytics.Select(p => p.Key).ToArray());
        Assert.True(analytics["agents"]!["total"]!.GetValue<int>() >= 1);
        Assert.True(analytics["sessions"]!["byStatus"]!["active"]!.GetValue<int>() >= 2);
        Assert.Equal(expected.ToJsonString(), analytics["usage"]!.ToJsonString());
        Assert.Equal(0, analytics["evals"]!["totalRuns"]!.GetValue<int>());

        // Another tenant sees none of it.
        var key = ApiKeyHash.Generate();
        await platform.Server.Services.GetRequiredService<IApiKeyStore>().AddAsync("usage-other", ApiKeyHash.Hash(key), "usage test", CancellationToken.None);
        using var other = platform.Server.CreateClient(key);
        Assert.Empty((await Api.GetJsonAsync(other, "/api/usage"))["events"]!.AsArray());
        Assert.Equal(0, (await Api.GetJsonAsync(other, "/api/analytics"))["usage"]!["totalInputTokens"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("/api/usage?sessionId=not-a-uuid")]
    [InlineData("/api/usage?limit=0")]
    [InlineData("/api/usage?limit=1001")]
    [InlineData("/api/usage?limit=ten")]
    [InlineData("/api/usage?after=yesterday")]
    [InlineData("/api/usage?cursor=bm90LWEtY3Vyc29y")]
    [InlineData("/api/usage?cursor=%%%")]
    [InlineData("/api/usage/stats?before=soon")]
    [InlineData("/api/analytics?after=later")]
    public async Task BadQuery_Is400InTheErrorShape(string path)
    {
        await CredentialCalls.AssertErrorAsync(await Http.GetAsync(path), HttpStatusCode.BadRequest, "invalid_request");
    }

    private async Task<JsonObject> WaitForStatsAsync(string path, long inputTokens)
    {
        JsonObject stats = [];
        await Eventually.TrueAsync(
            async () => (stats = (await Api.GetJsonAsync(Http, path))["stats"]!.AsObject())["totalInputTokens"]!.GetValue<long>() == inputTokens,
            () => $"{path} to count {inputTokens} input tokens (it shows {stats.ToJsonString()})");
        return stats;
    }
}

using System.Text.Json;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// The real claude binary in the real sandbox, through the model proxy, against the fake model: the turns
/// an agent really makes still work, and every request the CLI sends is one the proxy's allowlist
/// (src/Ash.Sandbox/ModelProxy/ModelRoutes.cs) was written from. The output lists what was recorded.
/// </summary>
public sealed class ModelProxyTurnTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly HashSet<string> AllowedRequests =
    [
        "POST /v1/messages?beta=true",
        "POST /v1/messages",
        "POST /v1/messages/count_tokens?beta=true",
        "POST /v1/messages/count_tokens",
    ];

    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task RealCliTurns_ThroughTheProxy_CompleteAndUseOnlyAllowedRoutes()
    {
        var output = TestContext.Current.TestOutputHelper!;
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        var other = await Api.CreateSessionAsync(Http, agent, new { model = "haiku" });

        var plain = await TurnAsync(session, "good morning");
        var tool = await TurnAsync(session, "[[bash:echo through-the-proxy]]");
        var thinking = await TurnAsync(session, "[[thinking]]");
        var agents = await TurnAsync(session, "[[agents:10]]");
        var recall = await TurnAsync(session, "[[recall]]");
        var otherModel = await TurnAsync(other, "hello from another model");

        Assert.Equal("Hello! You said: good morning", Api.Text(plain));
        Assert.Contains("through-the-proxy", Assert.Single(tool, f => f.Event == "tool_result").Json.GetProperty("content").GetString());
        Assert.Contains(thinking, f => f.Event == "thinking_delta");
        Assert.True(agents.Count(f => f.Event == "tool_use") >= 10, "the reply asked for 10 sub-agents");
        Assert.Contains("good morning", Api.Text(recall));
        Assert.Equal("Hello! You said: hello from another model", Api.Text(otherModel));

        var arrivals = platform.Model.Arrivals;
        var models = platform.Model.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("model").GetString()).Distinct().ToList();
        foreach (var group in arrivals.GroupBy(a => a.ToString()))
        {
            output.WriteLine($"{group.Count(),4} × {group.Key}");
        }

        output.WriteLine($"models: {string.Join(", ", models)}; most requests in flight at once: {platform.Model.MaxConcurrentRequests}");
        Assert.All(arrivals, a => Assert.Contains(a.ToString(), AllowedRequests));
        Assert.True(models.Count >= 2, "the session created with another model did not reach the model with it");
    }

    private async Task<List<SseFrame>> TurnAsync(Guid session, string message)
    {
        var frames = await Api.SendAsync(Http, session, message, timeout: TimeSpan.FromSeconds(120));
        Assert.Equal("done", frames[^1].Event);
        Assert.DoesNotContain(frames, f => f.Event == "error");
        return frames;
    }
}

/// <summary>A server whose model proxy takes bodies of 1 KiB at most: every request of the CLI (tens of KiB) is refused.</summary>
public sealed class TinyModelBodyFixture : PlatformFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Ash:Sandbox:ModelProxy:MaxRequestBodyBytes"] = "1024",
    };
}

/// <summary>A refusal of the proxy (in the Anthropic error shape) reaches the session as the CLI reports the API's errors, and nothing reaches the model.</summary>
public sealed class ModelProxyRefusalTurnTests(TinyModelBodyFixture platform) : IClassFixture<TinyModelBodyFixture>
{
    [Fact]
    public async Task RealCliTurn_OverTheBodyCap_EndsWithTheProxysErrorAndNothingReachesTheModel()
    {
        var agent = await Api.DeployAgentAsync(platform.Server.Http);
        var session = await Api.CreateSessionAsync(platform.Server.Http, agent);

        var frames = await Api.SendAsync(platform.Server.Http, session, "good morning", timeout: TimeSpan.FromSeconds(120));

        foreach (var frame in frames.Where(f => f.Event is "error" or "turn_complete" or "text_delta"))
        {
            TestContext.Current.TestOutputHelper!.WriteLine($"{frame.Event}: {frame.Data}");
        }

        // The CLI recognises the proxy's 413 request_too_large as the API's own and says so in its words.
        Assert.Equal("done", frames[^1].Event);
        Assert.Contains("Request too large", Assert.Single(frames, f => f.Event == "error").Data, StringComparison.Ordinal);
        Assert.Empty(platform.Model.Arrivals);
    }
}

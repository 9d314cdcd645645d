using System.Net;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Messages;

/// <summary>A runtime that breaks the protocol ends its turn with an error; the server carries on.</summary>
public sealed class AgentMisbehaviourTests
{
    private static async Task<(List<SseFrame> First, List<SseFrame> Second)> TwoTurnsAsync(string script, IReadOnlyDictionary<string, string?>? extra = null)
    {
        await using var server = await TestServer.StartAsync(new Uri("http://127.0.0.1:9"), "sk-unused", ScriptRuntime.Create(script), extra);
        var agent = await Api.DeployAgentAsync(server.Http);
        var session = await Api.CreateSessionAsync(server.Http, agent);
        var first = await Api.SendAsync(server.Http, session, "hello");
        var second = await Api.SendAsync(server.Http, session, "hello again");

        using var health = await server.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        return (first, second);
    }

    [Fact]
    public async Task Turn_AgentWritesInvalidJson_EndsWithErrorAndServerStaysUp()
    {
        var (first, second) = await TwoTurnsAsync("read line; echo 'this is not json'; sleep 60");

        foreach (var frames in new[] { first, second })
        {
            Assert.Equal("error", frames[^2].Event);
            Assert.Contains("not a JSON object", frames[^2].Json.GetProperty("error").GetString());
            Assert.Equal("done", frames[^1].Event);
        }
    }

    [Fact]
    public async Task Turn_AgentWritesGiantLine_EndsWithErrorWithoutBufferingIt()
    {
        var (first, _) = await TwoTurnsAsync(
            "read line; head -c 5000000 /dev/zero | tr '\\0' 'a'; echo; sleep 60",
            new Dictionary<string, string?> { ["Ash:Sandbox:MaxLineBytes"] = "1048576" });

        Assert.Equal("error", first[^2].Event);
        Assert.Contains("longer than the platform's limit", first[^2].Json.GetProperty("error").GetString());
        Assert.Equal("done", first[^1].Event);
    }

    [Fact]
    public async Task Turn_AgentExitsMidTurn_EndsWithErrorNamingTheExit()
    {
        var (first, second) = await TwoTurnsAsync("read line; echo 'dying on purpose' >&2; exit 3");

        Assert.Contains("exit code 3", first[^2].Json.GetProperty("error").GetString());
        Assert.Contains("dying on purpose", first[^2].Json.GetProperty("error").GetString());
        Assert.Equal("done", second[^1].Event);
    }

    [Fact]
    public async Task Turn_NoModelCredential_FailsFastWithClearError()
    {
        await using var server = await TestServer.StartAsync(new Uri("http://127.0.0.1:9"), modelKey: null);
        var agent = await Api.DeployAgentAsync(server.Http);
        var session = await Api.CreateSessionAsync(server.Http, agent);

        var frames = await Api.SendAsync(server.Http, session, "hello", timeout: TimeSpan.FromSeconds(20));

        Assert.Equal(["session_start", "error", "done"], frames.Select(f => f.Event));
        Assert.Contains("ANTHROPIC_API_KEY", frames[1].Json.GetProperty("error").GetString());
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Server;
using static Ash.Server.Tests.Agents.AgentCalls;

namespace Ash.Server.Tests.Sessions;

/// <summary>
/// <c>PATCH /api/sessions/:id/config</c> (Ash's fields): answered with the session including its config (which Ash
/// leaves out), stored, and used by the agent process from the next turn on, which still remembers the conversation.
/// </summary>
public sealed class SessionConfigTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private Task<(HttpStatusCode Status, JsonObject Body)> PatchAsync(HttpClient http, Guid session, JsonNode body) =>
        SendAsync(http, HttpMethod.Patch, $"/api/sessions/{session}/config", body);

    /// <summary>The model of the turn that sent <paramref name="text"/> (later requests carry it too, as history).</summary>
    private string ModelOfTurnThatSent(string text) =>
        JsonDocument.Parse(platform.Model.Requests.First(request => request.UserTexts.Contains(text)).Body).RootElement.GetProperty("model").GetString()!;

    [Fact]
    public async Task Patch_AnswersWithTheConfig_StoresIt_AndTheNextTurnUsesIt()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http), new { model = "claude-first-model" });
        var first = "first " + Guid.NewGuid().ToString("N");
        await Api.SendAsync(Http, session, first);

        var patched = await OkAsync(PatchAsync(Http, session, JsonNode.Parse("""
            { "model": "claude-second-model", "allowedTools": ["Bash", "Read"], "disallowedTools": ["WebFetch"],
              "subagents": { "heron": { "description": "Answers as the heron", "prompt": "You are the heron subagent." } },
              "initialAgent": "heron" }
            """)!));
        var read = await OkAsync(GetAsync(Http, $"/api/sessions/{session}"));
        var second = "second " + Guid.NewGuid().ToString("N");
        var frames = await Api.SendAsync(Http, session, second);
        var recalled = Api.Text(await Api.SendAsync(Http, session, "[[recall]]"));

        var config = patched["session"]!["config"]!;
        Assert.Equal("claude-second-model", patched["session"]!["model"]!.GetValue<string>());
        Assert.Equal(["Bash", "Read"], config["allowedTools"]!.AsArray().Select(tool => tool!.GetValue<string>()));
        Assert.Equal("WebFetch", config["disallowedTools"]![0]!.GetValue<string>());
        Assert.Equal("You are the heron subagent.", config["subagents"]!["heron"]!["prompt"]!.GetValue<string>());
        Assert.Equal("heron", config["initialAgent"]!.GetValue<string>());
        Assert.Equal(patched["session"]!.ToJsonString(), read["session"]!.ToJsonString());
        Assert.Equal("claude-first-model", ModelOfTurnThatSent(first));
        Assert.Equal("done", frames[^1].Event);
        Assert.Equal("claude-second-model", ModelOfTurnThatSent(second));
        var body = platform.Model.Requests.First(request => request.UserTexts.Contains(second)).Body;
        // The CLI lists the subagents it was given (--agents) as agent types for its Agent tool.
        Assert.Contains("heron: Answers as the heron", body, StringComparison.Ordinal);
        Assert.Contains(first, recalled, StringComparison.Ordinal);
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task Patch_OnlyGivenFieldsChange_AndAnEmptyPatchChangesNothing()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http), new { model = "claude-kept", allowedTools = new[] { "Read" } });

        var betas = await OkAsync(PatchAsync(Http, session, JsonNode.Parse("""{ "betas": ["context-1m-2025-08-07"] }""")!));
        var empty = await OkAsync(PatchAsync(Http, session, new JsonObject()));

        Assert.Equal("claude-kept", betas["session"]!["model"]!.GetValue<string>());
        Assert.Equal("Read", betas["session"]!["config"]!["allowedTools"]![0]!.GetValue<string>());
        Assert.Equal("context-1m-2025-08-07", betas["session"]!["config"]!["betas"]![0]!.GetValue<string>());
        Assert.Equal(betas["session"]!["config"]!.ToJsonString(), empty["session"]!["config"]!.ToJsonString());
        Assert.Equal("done", (await Api.SendAsync(Http, session, "with a beta"))[^1].Event);
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Theory]
    [InlineData("""{ "model": "" }""")]
    [InlineData("""{ "betas": ["--dangerous"] }""")]
    [InlineData("""{ "betas": "one" }""")]
    [InlineData("""{ "subagents": ["x"] }""")]
    [InlineData("""{ "initialAgent": "-x" }""")]
    [InlineData("""{ "allowedTools": [""] }""")]
    public async Task Patch_BadInput_Is400_AndChangesNothing(string body)
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        var answer = await PatchAsync(Http, session, JsonNode.Parse(body)!);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(400, answer.Body["statusCode"]!.GetValue<int>());
        Assert.Null((await OkAsync(GetAsync(Http, $"/api/sessions/{session}")))["session"]!["config"]);
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task Patch_UnknownOtherTenantsOrEndedSession_IsAClearError()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        using var other = await OtherTenantAsync(platform.Server);
        var change = JsonNode.Parse("""{ "model": "x" }""")!;

        AssertError(await PatchAsync(other, session, change), HttpStatusCode.NotFound, "session_not_found");
        AssertError(await PatchAsync(Http, Guid.NewGuid(), change), HttpStatusCode.NotFound, "session_not_found");
        AssertError(await SendAsync(Http, HttpMethod.Patch, "/api/sessions/not-a-uuid/config", change), HttpStatusCode.NotFound, "session_not_found");
        await Api.ChangeAsync(Http, session, "delete");
        AssertError(await PatchAsync(Http, session, change), HttpStatusCode.Gone, "session_ended");
    }
}

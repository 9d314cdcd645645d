using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Messages;

/// <summary>
/// Per-message options (issue 13) reach the model for their own turn only: the fake model sees the request the
/// real claude binary makes, and the next turn's request is back to the session's settings.
/// </summary>
public sealed class TurnOptionsTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Model_AppliesToItsTurn_ThenTheSessionsModelAgain()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var before = await TurnRequestsAsync(session, new { content = "model-before" }, "model-before");
        var sessionModel = Body(before[0]).GetProperty("model").GetString();

        var during = await TurnRequestsAsync(session, new { content = "model-during", model = "claude-fake-per-turn" }, "model-during");
        var after = await TurnRequestsAsync(session, new { content = "model-after" }, "model-after");

        Assert.NotEqual("claude-fake-per-turn", sessionModel);
        Assert.All(during, r => Assert.Equal("claude-fake-per-turn", Body(r).GetProperty("model").GetString()));
        Assert.All(after, r => Assert.Equal(sessionModel, Body(r).GetProperty("model").GetString()));
    }

    [Fact]
    public async Task TheSameModelOnTwoTurnsInARow_IsKept_ThenTheSessionsModelAgain()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var before = await TurnRequestsAsync(session, new { content = "same-model-before" }, "same-model-before");
        var sessionModel = Body(before[0]).GetProperty("model").GetString();

        var first = await TurnRequestsAsync(session, new { content = "same-model-first", model = "claude-fake-repeated" }, "same-model-first");
        var second = await TurnRequestsAsync(session, new { content = "same-model-second", model = "claude-fake-repeated" }, "same-model-second");
        var after = await TurnRequestsAsync(session, new { content = "same-model-after" }, "same-model-after");

        // The second turn asks for what the process already holds: nothing is sent, and the model stays.
        Assert.All(first.Concat(second), r => Assert.Equal("claude-fake-repeated", Body(r).GetProperty("model").GetString()));
        Assert.All(after, r => Assert.Equal(sessionModel, Body(r).GetProperty("model").GetString()));
    }

    [Fact]
    public async Task Thinking_BudgetReachesTheModel_ForItsTurnOnly()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http), new { model = "claude-sonnet-4-5" });

        var during = await TurnRequestsAsync(
            session, new { content = "think-during", thinking = new { type = "enabled", budgetTokens = 2048 } }, "think-during");
        var after = await TurnRequestsAsync(session, new { content = "think-after" }, "think-after");

        Assert.All(during, r =>
        {
            var thinking = Body(r).GetProperty("thinking");
            Assert.Equal("enabled", thinking.GetProperty("type").GetString());
            Assert.Equal(2048, thinking.GetProperty("budget_tokens").GetInt32());
        });
        Assert.All(after, r => Assert.False(
            Body(r).TryGetProperty("thinking", out var thinking) && thinking.TryGetProperty("budget_tokens", out var budget) && budget.GetInt32() == 2048,
            "the next turn still thinks with the message's budget"));
        Assert.All(after, r => Assert.Equal("claude-sonnet-4-5", Body(r).GetProperty("model").GetString()));
    }

    [Fact]
    public async Task Effort_ReachesTheModel_ForItsTurnOnly()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var before = await TurnRequestsAsync(session, new { content = "effort-before" }, "effort-before");

        var during = await TurnRequestsAsync(session, new { content = "effort-during", effort = "max" }, "effort-during");
        var after = await TurnRequestsAsync(session, new { content = "effort-after" }, "effort-after");

        Assert.All(during, r => Assert.Equal("max", Effort(r)));
        Assert.All(after, r => Assert.Equal(Effort(before[0]), Effort(r)));
        Assert.NotEqual("max", Effort(before[0]));
    }

    [Fact]
    public async Task OutputFormat_SchemaReachesTheModel_ForItsTurnOnly()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await TurnRequestsAsync(session, new { content = "schema-before" }, "schema-before");
        var schema = new { type = "object", properties = new { answer = new { type = "string" } }, required = new[] { "answer" } };

        var during = await TurnRequestsAsync(session, new { content = "schema-during", outputFormat = new { type = "json_schema", schema } }, "schema-during");
        var after = await TurnRequestsAsync(session, new { content = "schema-after" }, "schema-after");

        Assert.All(during, r => Assert.True(StructuredOutputTool(r)?.GetProperty("input_schema").GetProperty("properties").TryGetProperty("answer", out _), "no StructuredOutput tool with the schema"));
        Assert.All(after, r => Assert.Null(StructuredOutputTool(r)));
        var recall = await TurnRequestsAsync(session, new { content = "schema-recall" }, "schema-recall");
        Assert.Contains("schema-before", recall[^1].UserTexts);
    }

    [Fact]
    public async Task MaxTurns_StopsTheTurnAtTheNextModelResponse_AndTheSessionGoesOn()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        var frames = await Api.SendBodyAsync(Http, session, new { content = "[[bash:echo limited]]", includePartialMessages = true, maxTurns = 1 });

        Assert.Contains(frames, f => f.Event == "tool_use");
        var error = frames[^2];
        Assert.Equal("error", error.Event);
        Assert.Equal("max_turns", error.Json.GetProperty("code").GetString());
        Assert.Contains("maxTurns", error.Json.GetProperty("error").GetString());
        Assert.Equal("done", frames[^1].Event);
        Assert.DoesNotContain("Tool said", Api.Text(frames));

        var next = await Api.SendAsync(Http, session, "[[bash:echo unlimited]]");
        Assert.DoesNotContain(next, f => f.Event == "error");
        Assert.Contains("unlimited", Api.Text(next));
    }

    [Theory]
    [InlineData("""{"content":"x","maxTurns":0}""", "maxTurns")]
    [InlineData("""{"content":"x","maxTurns":"three"}""", "maxTurns")]
    [InlineData("""{"content":"x","maxBudgetUsd":-1}""", "maxBudgetUsd")]
    [InlineData("""{"content":"x","effort":"extreme"}""", "effort")]
    [InlineData("""{"content":"x","model":""}""", "model")]
    [InlineData("""{"content":"x","thinking":{"type":"enabled"}}""", "thinking.budgetTokens")]
    [InlineData("""{"content":"x","thinking":{"type":"sometimes"}}""", "thinking.type")]
    [InlineData("""{"content":"x","thinking":{"type":"enabled","budgetTokens":2048,"style":"deep"}}""", "thinking.style")]
    [InlineData("""{"content":"x","outputFormat":{"type":"text","schema":{}}}""", "outputFormat.type")]
    [InlineData("""{"content":"x","outputFormat":{"type":"json_schema","schema":"object"}}""", "outputFormat.schema")]
    [InlineData("""{"content":"x","temperature":0.5}""", "temperature")]
    public async Task Send_BadOption_Is400NamingTheField(string body, string field)
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        using var response = await Http.PostAsync($"/api/sessions/{session}/messages", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var error = JsonNode.Parse(text)!["error"]!.GetValue<string>();
        Assert.Contains($"'{field}'", error);
        Assert.DoesNotContain("System.", error);
        Assert.Empty((await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray());
    }

    [Fact]
    public async Task Send_EveryOptionAshsSdksSend_IsAccepted()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        var frames = await Api.SendBodyAsync(Http, session, new
        {
            content = "all options",
            includePartialMessages = true,
            model = "claude-fake-all-options",
            maxTurns = 3,
            maxBudgetUsd = 5.0,
            effort = "high",
            thinking = new { type = "adaptive" },
        });

        Assert.Equal("done", frames[^1].Event);
        Assert.DoesNotContain(frames, f => f.Event == "error");
    }

    /// <summary>Sends one message and returns the model requests of its turn (those whose last user text is <paramref name="marker"/>).</summary>
    private async Task<List<RecordedModelRequest>> TurnRequestsAsync(Guid session, object body, string marker)
    {
        var node = JsonSerializer.SerializeToNode(body)!.AsObject();
        node["includePartialMessages"] = true;
        var seen = platform.Model.Requests.Count;
        var frames = await Api.SendBodyAsync(Http, session, node);
        Assert.True(frames[^1].Event == "done" && frames.All(f => f.Event != "error"), string.Join("\n", frames.Select(f => $"{f.Event} {f.Data}")));
        var requests = platform.Model.Requests.Skip(seen).Where(r => r.UserTexts.Count > 0 && r.UserTexts[^1].Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(requests);
        return requests;
    }

    private static JsonElement Body(RecordedModelRequest request) => JsonDocument.Parse(request.Body).RootElement;

    private static JsonElement? StructuredOutputTool(RecordedModelRequest request) =>
        Body(request).TryGetProperty("tools", out var tools)
            ? tools.EnumerateArray().Where(t => t.TryGetProperty("name", out var name) && name.GetString() == "StructuredOutput").Select(t => (JsonElement?)t).FirstOrDefault()
            : null;

    private static string? Effort(RecordedModelRequest request) =>
        Body(request).TryGetProperty("output_config", out var config) && config.TryGetProperty("effort", out var effort) ? effort.GetString() : null;
}

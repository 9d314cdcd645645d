using System.Net;
using System.Text.Json.Nodes;
using Ash.Core.Auth;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Messages;

/// <summary>
/// A session's history as Ash's clients read it (issue 13): messages in Ash's row shapes, so its playground
/// shows a reopened conversation, and the timeline in Ash's event vocabulary; the real claude binary against
/// the fake model.
/// </summary>
public sealed class HistoryTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Messages_AfterToolTurn_AreAshRowsThatAshsPlaygroundShows()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "[[bash:echo shown-again]]");

        var messages = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray();

        Assert.Equal(Enumerable.Range(1, messages.Count).Select(i => (long)i), messages.Select(m => m!["sequence"]!.GetValue<long>()));
        Assert.All(messages, m =>
        {
            Assert.Equal(session.ToString(), m!["sessionId"]!.GetValue<string>());
            Assert.Equal("default", m["tenantId"]!.GetValue<string>());
            Assert.True(Guid.TryParse(m["id"]!.GetValue<string>(), out _));
        });
        var user = JsonNode.Parse(messages[0]!["content"]!.GetValue<string>())!;
        Assert.Equal("user", messages[0]!["role"]!.GetValue<string>());
        Assert.Equal("user", user["type"]!.GetValue<string>());
        Assert.Equal("[[bash:echo shown-again]]", user["content"]!.GetValue<string>());

        var assistantRows = messages.Skip(1).Select(m => JsonNode.Parse(m!["content"]!.GetValue<string>())!).ToList();
        Assert.All(messages.Skip(1), m => Assert.Equal("assistant", m!["role"]!.GetValue<string>()));
        Assert.All(assistantRows, row => Assert.Contains(row["type"]!.GetValue<string>(), new[] { "assistant", "result" }));
        Assert.Equal("result", assistantRows[^1]["type"]!.GetValue<string>());

        // What Ash's playground (packages/ui usePlaygroundChat.loadSession) makes of the rows.
        var shown = PlaygroundView(messages);
        Assert.Equal(("user", "[[bash:echo shown-again]]"), shown[0]);
        Assert.Contains(shown, item => item == ("tool", "Bash"));
        Assert.Contains(shown, item => item.Role == "assistant" && item.Text.Contains("shown-again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_AfterAndLimit_PageInSequence()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "first");
        await Api.SendAsync(Http, session, "second");
        var all = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray();

        var paged = new List<long>();
        long after = 0;
        while (true)
        {
            var page = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages?after={after}&limit=1"))["messages"]!.AsArray();
            if (page.Count == 0)
            {
                break;
            }

            after = Assert.Single(page)!["sequence"]!.GetValue<long>();
            paged.Add(after);
        }

        Assert.Equal(all.Select(m => m!["sequence"]!.GetValue<long>()), paged);
        Assert.Equal(2, all.Count(m => m!["role"]!.GetValue<string>() == "user"));
    }

    [Fact]
    public async Task Timeline_AfterToolTurn_SpeaksAshsVocabulary()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "[[bash:echo in-the-timeline]]");

        var events = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/events"))["events"]!.AsArray();

        var types = events.Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal("lifecycle", types[0]);
        Assert.All(types, type => Assert.Contains(type, new[] { "text", "tool_start", "tool_result", "reasoning", "turn_complete", "error", "lifecycle" }));
        var sequences = events.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.All(events, e =>
        {
            Assert.True(Guid.TryParse(e!["id"]!.GetValue<string>(), out _));
            Assert.Equal(session.ToString(), e["sessionId"]!.GetValue<string>());
            Assert.Equal("default", e["tenantId"]!.GetValue<string>());
        });
        Assert.Equal(events.Count, events.Select(e => e!["id"]!.GetValue<string>()).Distinct().Count());

        var toolStart = Data(Assert.Single(events, e => e!["type"]!.GetValue<string>() == "tool_start")!);
        Assert.Equal("Bash", toolStart["toolName"]!.GetValue<string>());
        Assert.Equal("echo in-the-timeline", toolStart["input"]!["command"]!.GetValue<string>());
        var toolResult = Data(Assert.Single(events, e => e!["type"]!.GetValue<string>() == "tool_result")!);
        Assert.Equal(toolStart["toolId"]!.GetValue<string>(), toolResult["toolId"]!.GetValue<string>());
        Assert.Contains("in-the-timeline", toolResult["stdout"]!.GetValue<string>());
        Assert.NotNull(toolResult["stderr"]);
        var complete = Data(Assert.Single(events, e => e!["type"]!.GetValue<string>() == "turn_complete")!);
        Assert.True(complete["numTurns"]!.GetValue<int>() >= 2);
        Assert.Contains("in-the-timeline", complete["result"]!.GetValue<string>());
        Assert.Contains(events, e => e!["type"]!.GetValue<string>() == "text" && Data(e)["text"]!.GetValue<string>().Contains("in-the-timeline", StringComparison.Ordinal));

        // Read twice, the same entries keep their ids.
        var again = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/events"))["events"]!.AsArray();
        Assert.Equal(events.Select(e => e!["id"]!.GetValue<string>()), again.Select(e => e!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Timeline_TypeAfterAndLimit_FilterAndPageExactly()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "[[bash:echo one]]");
        await Api.SendAsync(Http, session, "[[bash:echo two]]");
        var all = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/events?limit=1000"))["events"]!.AsArray();

        var paged = new List<string>();
        long after = 0;
        while (true)
        {
            var page = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/events?after={after}&limit=2"))["events"]!.AsArray();
            Assert.True(page.Count <= 2);
            if (page.Count == 0)
            {
                break;
            }

            paged.AddRange(page.Select(e => e!["id"]!.GetValue<string>()));
            after = page[^1]!["sequence"]!.GetValue<long>();
        }

        Assert.Equal(all.Select(e => e!["id"]!.GetValue<string>()), paged);

        var starts = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/events?type=tool_start"))["events"]!.AsArray();
        Assert.Equal(2, starts.Count);
        Assert.All(starts, e => Assert.Equal("tool_start", e!["type"]!.GetValue<string>()));
        Assert.Empty((await Api.GetJsonAsync(Http, $"/api/sessions/{session}/events?type=mcp_status"))["events"]!.AsArray());
    }

    [Fact]
    public async Task StreamLog_HoldsWhatTheStreamCarried_BySseId()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var frames = await Api.SendAsync(Http, session, "streamed");

        var logged = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/stream/events?after={frames[0].Id - 1}&limit=1000"))["events"]!.AsArray();

        Assert.Equal(frames.Select(f => (f.Id, f.Event)), logged.Select(e => ((long?)e!["sequence"]!.GetValue<long>(), e["type"]!.GetValue<string>())));
    }

    [Theory]
    [InlineData("messages?limit=0")]
    [InlineData("messages?limit=1001")]
    [InlineData("messages?after=-1")]
    [InlineData("events?limit=0")]
    [InlineData("events?limit=1001")]
    [InlineData("events?after=abc")]
    [InlineData("stream/events?limit=1001")]
    public async Task History_BadPage_Is400InTheErrorShape(string query)
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        using var response = await Http.GetAsync($"/api/sessions/{session}/{query}");

        var body = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.DoesNotContain("Nullable", body["error"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("messages")]
    [InlineData("events")]
    [InlineData("stream/events")]
    public async Task History_OfAnotherTenantsSession_Is404(string route)
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "private words");
        var otherKey = "ash_history_other_" + Guid.NewGuid().ToString("N");
        await platform.Server.Services.GetRequiredService<IApiKeyStore>().AddAsync("tenant-" + Guid.NewGuid().ToString("N")[..8], ApiKeyHash.Hash(otherKey), "history test", CancellationToken.None);
        using var other = platform.Server.CreateClient(otherKey);

        using var response = await other.GetAsync($"/api/sessions/{session}/{route}");

        var body = await ErrorAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("session_not_found", body["code"]!.GetValue<string>());
    }

    private static JsonObject Data(JsonNode timelineEvent) => JsonNode.Parse(timelineEvent["data"]!.GetValue<string>())!.AsObject();

    private static async Task<JsonObject> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, body["statusCode"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]!.GetValue<string>()));
        return body;
    }

    /// <summary>
    /// The conversation Ash's playground rebuilds from GET messages (packages/ui/src/hooks/usePlaygroundChat.ts,
    /// loadSession), reduced to (role, text) items and ("tool", name) for each tool call it shows.
    /// </summary>
    private static List<(string Role, string Text)> PlaygroundView(JsonArray messages)
    {
        var shown = new List<(string Role, string Text)>();
        foreach (var message in messages)
        {
            var data = JsonNode.Parse(message!["content"]!.GetValue<string>()) as JsonObject;
            var type = data?["type"]?.GetValue<string>();
            var text = string.Empty;
            if (type == "assistant" && data!["message"]?["content"] is JsonArray blocks)
            {
                foreach (var block in blocks)
                {
                    if (block!["type"]!.GetValue<string>() == "text")
                    {
                        text += (text.Length > 0 ? "\n" : string.Empty) + block["text"]!.GetValue<string>();
                    }
                    else if (block["type"]!.GetValue<string>() == "tool_use")
                    {
                        shown.Add(("tool", block["name"]!.GetValue<string>()));
                    }
                }
            }

            if (type == "user" && data!["tool_use_result"] is null)
            {
                if (data["content"] is JsonValue content && content.TryGetValue<string>(out var said))
                {
                    shown.Add(("user", said));
                }

                continue;
            }

            if (type == "result" && data!["result"] is JsonValue result && result.TryGetValue<string>(out var final))
            {
                text = final;
            }

            if (text.Length > 0)
            {
                shown.Add((message["role"]!.GetValue<string>(), text));
            }
        }

        return shown;
    }
}

using Ash.Testing.Server;

namespace Ash.Server.Tests.Messages;

/// <summary>The real claude binary in the real sandbox, against the fake model API.</summary>
public sealed class TurnStreamingTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Send_PlainReply_StreamsSessionStartToDoneWithIncreasingIds()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        var frames = await Api.SendAsync(Http, session, "good morning");

        Assert.Equal("session_start", frames[0].Event);
        Assert.Equal(session.ToString(), frames[0].Json.GetProperty("sessionId").GetString());
        Assert.Equal("done", frames[^1].Event);
        Assert.DoesNotContain(frames, f => f.Event == "error");
        Assert.All(frames, f => Assert.NotNull(f.Id));
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.Equal(frames[i - 1].Id + 1, frames[i].Id);
        }

        Assert.Equal("Hello! You said: good morning", Api.Text(frames));
        var complete = Assert.Single(frames, f => f.Event == "turn_complete");
        Assert.Equal("Hello! You said: good morning", complete.Json.GetProperty("result").GetString());
        Assert.Contains(frames, f => f.Event == "message");
    }

    [Fact]
    public async Task Send_ContentBlocks_InAPrettyPrintedBody_RunAsOneMessage()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        var body = new { includePartialMessages = true, content = new object[] { new { type = "text", text = "indented blocks" } } };

        // Written with line breaks between its tokens, as curl -d '…' over several lines sends it.
        var frames = await Api.SendBodyAsync(Http, session, body, indented: true);

        Assert.True(frames[^1].Event == "done" && frames.All(f => f.Event != "error"), string.Join("\n", frames.Select(f => $"{f.Event} {f.Data}")));
        Assert.Equal("Hello! You said: indented blocks", Api.Text(frames));
    }

    [Fact]
    public async Task Send_WithoutPartialMessages_HasNoTextDeltas()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        var frames = await Api.SendAsync(Http, session, "quietly", partial: false);

        Assert.DoesNotContain(frames, f => f.Event == "text_delta");
        Assert.Equal("Hello! You said: quietly", Assert.Single(frames, f => f.Event == "turn_complete").Json.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Send_BashToolCall_CreatesFileAndYieldsToolEvents()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        var frames = await Api.SendAsync(Http, session, "[[bash:echo made-by-agent > created.txt && cat created.txt]]");

        var toolUse = Assert.Single(frames, f => f.Event == "tool_use");
        Assert.Equal("Bash", toolUse.Json.GetProperty("name").GetString());
        var toolResult = Assert.Single(frames, f => f.Event == "tool_result");
        Assert.Equal(toolUse.Json.GetProperty("id").GetString(), toolResult.Json.GetProperty("tool_use_id").GetString());
        Assert.Contains("made-by-agent", toolResult.Json.GetProperty("content").GetString());
        Assert.False(toolResult.Json.GetProperty("is_error").GetBoolean());
        Assert.Equal("done", frames[^1].Event);

        var created = Path.Combine(platform.Server.WorkspaceOf(session), "created.txt");
        Assert.Equal("made-by-agent\n", await File.ReadAllTextAsync(created));
    }

    [Fact]
    public async Task Send_SecondMessage_ModelSeesFirstInContext()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        await Api.SendAsync(Http, session, "my favourite colour is teal");
        var frames = await Api.SendAsync(Http, session, "[[recall]]");

        var recalled = Api.Text(frames);
        Assert.StartsWith("History: ", recalled);
        Assert.Contains("my favourite colour is teal", recalled);
    }

    [Fact]
    public async Task Send_WhileTurnRuns_QueuesAndRunsNext()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        await using var first = await OpenStream.SendAsync(Http, session, "[[slow:100:10]]");
        await first.ReadUntilAsync("text_delta");
        var secondFrames = await Api.SendAsync(Http, session, "after the slow one");
        var firstFrames = await first.ReadToEndAsync();

        Assert.Equal("done", firstFrames[^1].Event);
        Assert.Equal("Hello! You said: after the slow one", Api.Text(secondFrames));
        Assert.True(secondFrames[0].Id > firstFrames[^1].Id, "the queued turn starts after the running one is done");
    }

    [Fact]
    public async Task Send_ModelError_EndsTurnWithErrorThenDone()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        var frames = await Api.SendAsync(Http, session, "[[error:400]]");

        Assert.Equal("error", frames[^2].Event);
        Assert.Equal("done", frames[^1].Event);
        Assert.False(string.IsNullOrWhiteSpace(frames[^2].Json.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task History_AfterTurn_HoldsUserAndAssistantMessagesAndEvents()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        var frames = await Api.SendAsync(Http, session, "remember me");

        var messages = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray();
        Assert.Equal("user", messages[0]!["role"]!.GetValue<string>());
        Assert.Equal("""{"type":"user","content":"remember me"}""", messages[0]!["content"]!.GetValue<string>());
        Assert.Contains(messages, m => m!["role"]!.GetValue<string>() == "assistant");

        var events = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/stream/events?limit=1000"))["events"]!.AsArray();
        Assert.Equal(frames[^1].Id, events[^1]!["sequence"]!.GetValue<long>());
        var deltas = (await Api.GetJsonAsync(Http, $"/api/sessions/{session}/stream/events?type=text_delta"))["events"]!.AsArray();
        Assert.All(deltas, e => Assert.Equal("text_delta", e!["type"]!.GetValue<string>()));
        Assert.Equal(frames.Count(f => f.Event == "text_delta"), deltas.Count);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>
/// Every limit that ends a turn — its wall clock, the agent's silence, its output, a line too long, the
/// agent's memory — ends it with a clear <c>error</c> (a stable code) and <c>done</c>, and leaves the session
/// usable with its whole conversation: the next turn, with the real CLI, still has every earlier message.
/// </summary>
public sealed class TurnLimitTests : IAsyncLifetime
{
    private const string Remember = "please remember the word heron";

    private FakeModelServer _model = null!;

    public async ValueTask InitializeAsync() => _model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);

    public async ValueTask DisposeAsync() => await _model.DisposeAsync();

    /// <summary>The silence limit is the message's own, so a slow start of the CLI on a loaded machine cannot trip an earlier turn.</summary>
    [Fact]
    public async Task SilentAgent_EndsWithTurnTimeout_AndTheNextTurnRemembers()
    {
        await using var run = await ConversationAsync(null);

        var frames = await Api.SendBodyAsync(run.Server.Http, run.Session, new { content = "[[slow:8000:3]]", includePartialMessages = true, silenceTimeoutSeconds = 3 });

        AssertEndedWith(frames, "turn_timeout", "wrote nothing for 3 s");
        await run.AssertRemembersAsync();
    }

    [Fact]
    public async Task LongTurn_PerMessageTimeout_EndsWithTurnTimeout_AndTheNextTurnRemembers()
    {
        await using var run = await ConversationAsync(null);

        var frames = await Api.SendBodyAsync(run.Server.Http, run.Session, new { content = "[[slow:400:60]]", includePartialMessages = true, timeoutSeconds = 4 });

        AssertEndedWith(frames, "turn_timeout", "whole time limit (4 s)");
        Assert.Contains(frames, f => f.Event == "text_delta");
        await run.AssertRemembersAsync();
    }

    [Fact]
    public async Task Flood_PastTheOutputLimit_IsTruncated_AndTheNextTurnRemembers()
    {
        await using var run = await ConversationAsync("""{ "turns": { "maxOutputMb": 1 } }""");

        var frames = await Api.SendAsync(run.Server.Http, run.Session, "[[slow:0:40000]]", timeout: TimeSpan.FromMinutes(3));

        var truncated = Assert.Single(frames, f => f.Event == "truncated");
        Assert.Equal("output_bytes", truncated.Json.GetProperty("reason").GetString());
        Assert.Equal(1L << 20, truncated.Json.GetProperty("limit").GetInt64());
        AssertEndedWith(frames, "output_limit", "output limit (1 MiB)");

        // Nothing past the cut was kept: the whole turn is about a MiB of output.
        var kept = frames.Where(f => f.Id < truncated.Id).Sum(f => (long)f.Data.Length);
        Assert.InRange(kept, 1, 3L << 20);
        await run.AssertRemembersAsync();
    }

    /// <summary>
    /// The session's event log reaches its quota: the turn is cut there, the next message is refused with 507
    /// <c>event_log_full</c> before anything runs, and a fork goes on with the conversation.
    /// </summary>
    [Fact]
    public async Task EventLogQuota_CutsTheTurn_RefusesTheNextMessage_AndAForkGoesOn()
    {
        await using var run = await ConversationAsync(null, new Dictionary<string, string?>
        {
            ["Ash:Sessions:TurnMaxOutputBytes"] = "1048576",
            ["Ash:Sessions:MaxEventLogBytes"] = "1048576",
        });

        var frames = await Api.SendAsync(run.Server.Http, run.Session, "[[slow:0:40000]]", timeout: TimeSpan.FromMinutes(3));

        Assert.Equal("event_log", Assert.Single(frames, f => f.Event == "truncated").Json.GetProperty("reason").GetString());
        AssertEndedWith(frames, "event_log_full", "event log reached its quota");
        using (var refused = await run.Server.Http.PostAsJsonAsync($"/api/sessions/{run.Session}/messages", new { content = "one more" }))
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
            Assert.Equal("event_log_full", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        var (status, fork) = await Api.LifecycleAsync(run.Server.Http, run.Session, "fork");
        Assert.Equal(HttpStatusCode.Created, status);
        var child = new Conversation(run.Server, Guid.Parse(fork["session"]!["id"]!.GetValue<string>()));
        await child.AssertRemembersAsync();
    }

    [Fact]
    public async Task GiantLine_IsDropped_AndTheNextTurnRemembers()
    {
        await using var run = await ConversationAsync(null, new Dictionary<string, string?> { ["Ash:Sandbox:MaxLineBytes"] = "65536" });

        // ~150 KB of text: the deltas are small lines, the whole assistant message is one line past the cap.
        var frames = await Api.SendAsync(run.Server.Http, run.Session, "[[slow:0:20000]]", timeout: TimeSpan.FromMinutes(3));

        // Failed once (of many runs) with no truncated event at all: say how the turn went instead, if it happens again.
        var truncated = frames.Where(f => f.Event == "truncated").ToList();
        Assert.True(truncated.Count == 1, $"expected one truncated event; the turn's last events: {Describe(frames.TakeLast(6))}");
        Assert.Equal("line_length", truncated[0].Json.GetProperty("reason").GetString());
        AssertEndedWith(frames, "line_too_long", "longer than the platform's limit");
        await run.AssertRemembersAsync();
    }

    /// <summary>
    /// The agent itself is killed by the kernel at its memory limit (a tool call makes the CLI the OOM killer's
    /// first choice, then allocates past the limit): the session stays active and the next message resumes.
    /// </summary>
    [Fact]
    public async Task AgentKilledForMemory_NextMessageResumesTheConversation()
    {
        await using var run = await ConversationAsync("""{ "limits": { "memoryMb": 512 } }""");
        const string Attack =
            "python3 -c \"import os\nfor p in os.listdir('/proc'):\n  try:\n    if p.isdigit() and open('/proc/'+p+'/cmdline','rb').read().split(b'\\\\0')[0].endswith(b'claude'): open('/proc/'+p+'/oom_score_adj','w').write('1000')\n  except OSError: pass\nb = bytearray(700 << 20)\nprint(len(b))\"";

        var frames = await Api.SendAsync(run.Server.Http, run.Session, $"[[bash:{Attack}]]", timeout: TimeSpan.FromMinutes(2));

        Assert.Contains(frames, f => f.Event == "resource_limit" && f.Json.GetProperty("resource").GetString() == "memory");
        AssertEndedWith(frames, "out_of_memory", "ran out of memory (limit 512 MiB)");
        Assert.Equal("active", await Api.StatusOfAsync(run.Server.Http, run.Session));
        await run.AssertRemembersAsync();
    }

    // Each event's type, and the text of errors and results (never the long lines), for a failure's message.
    private static string Describe(IEnumerable<SseFrame> frames) =>
        string.Join(" | ", frames.Select(f => f.Event is "error" or "turn_complete" ? $"{f.Event} {f.Data[..Math.Min(300, f.Data.Length)]}" : f.Event));

    private static void AssertEndedWith(List<SseFrame> frames, string code, string message)
    {
        Assert.Equal("done", frames[^1].Event);
        var error = frames[^2];
        Assert.True(error.Event == "error", $"expected error then done; got {string.Join(",", frames.TakeLast(5).Select(f => f.Event))}");
        Assert.Equal(code, error.Json.GetProperty("code").GetString());
        Assert.Contains(message, error.Json.GetProperty("error").GetString());
    }

    /// <summary>A server, an agent with <paramref name="ashJson"/>, and a session whose first turn asked the model to remember a word.</summary>
    private async Task<Conversation> ConversationAsync(string? ashJson, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var server = await TestServer.StartAsync(_model.BaseUrl, PlatformFixture.RealModelKey, extra: extra);
        var agent = await Api.DeployAgentAsync(server.Http, ashJson is null ? null : AgentFolders.Create(ashJson));
        var session = await Api.CreateSessionAsync(server.Http, agent);
        var first = await Api.SendAsync(server.Http, session, Remember);
        Assert.DoesNotContain(first, f => f.Event == "error");
        return new Conversation(server, session);
    }

    private sealed record Conversation(TestServer Server, Guid Session) : IAsyncDisposable
    {
        public async Task AssertRemembersAsync()
        {
            var frames = await Api.SendAsync(Server.Http, Session, "[[recall]]");
            Assert.DoesNotContain(frames, f => f.Event == "error");
            Assert.Contains(Remember, Api.Text(frames));
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}

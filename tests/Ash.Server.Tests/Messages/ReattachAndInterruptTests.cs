using System.Net.Http.Json;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Messages;

public sealed class ReattachAndInterruptTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Stream_WithLastEventId_ReplaysExactlyTheMissedEvents()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        var all = await Api.SendAsync(Http, session, "replay me please");
        var cut = all[all.Count / 2];

        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/stream");
        request.Headers.Add("Last-Event-ID", cut.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var replayed = new List<SseFrame>();
        var expected = all.Where(f => f.Id > cut.Id).ToList();
        await foreach (var frame in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(cancellation.Token), cancellation.Token))
        {
            replayed.Add(frame);
            if (replayed.Count == expected.Count)
            {
                break;
            }
        }

        Assert.Equal(expected.Select(f => (f.Id, f.Event, f.Data)), replayed.Select(f => (f.Id, f.Event, f.Data)));
    }

    [Fact]
    public async Task Stream_AttachedDuringTurn_ContinuesLiveWithoutGapOrDuplicate()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        await using var turn = await OpenStream.SendAsync(Http, session, "[[slow:50:20]]");
        var start = await turn.ReadUntilAsync("text_delta");

        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/stream?after={start.Id}");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
        var attached = new List<SseFrame>();
        await foreach (var frame in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(cancellation.Token), cancellation.Token))
        {
            attached.Add(frame);
            if (frame.Event == "done")
            {
                break;
            }
        }

        var original = await turn.ReadToEndAsync();
        Assert.Equal(original.Where(f => f.Id > start.Id).Select(f => f.Id), attached.Select(f => f.Id));
    }

    [Fact]
    public async Task Interrupt_SlowTurn_EndsItWithErrorThenDone()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        await using var turn = await OpenStream.SendAsync(Http, session, "[[slow:200:300]]");
        await turn.ReadUntilAsync("text_delta");

        using var interrupt = await Http.PostAsync($"/api/sessions/{session}/interrupt", null);
        var body = await interrupt.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.True(body!["interrupted"]!.GetValue<bool>());

        var frames = await turn.ReadToEndAsync();
        Assert.Equal("error", frames[^2].Event);
        Assert.Equal("done", frames[^1].Event);
        Assert.True(frames.Count(f => f.Event == "text_delta") < 300, "the turn stopped before the model finished");

        // The session is still usable after an interrupt.
        // (The CLI tells the model about the interruption at the start of the next message.)
        var next = await Api.SendAsync(Http, session, "still there?");
        Assert.DoesNotContain(next, f => f.Event == "error");
        Assert.EndsWith("still there?", Api.Text(next));
    }

    [Fact]
    public async Task Interrupt_NothingRunning_ReportsFalse()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        using var interrupt = await Http.PostAsync($"/api/sessions/{session}/interrupt", null);
        var body = await interrupt.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.False(body!["interrupted"]!.GetValue<bool>());
    }
}

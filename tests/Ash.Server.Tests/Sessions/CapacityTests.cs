using System.Net;
using System.Net.Http.Json;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sessions;

/// <summary>The live-sandbox budget: the least recently used idle session makes room; when all are busy, 503 with Retry-After.</summary>
public sealed class CapacityTests(TwoSandboxesFixture platform) : IClassFixture<TwoSandboxesFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task Create_AtCapacityWithIdleSessions_StopsTheLeastRecentlyUsedOne()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var oldest = await Api.CreateSessionAsync(Http, agent);
        await Api.SendAsync(Http, oldest, "my favourite colour is teal");
        var newer = await Api.CreateSessionAsync(Http, agent);
        await Api.SendAsync(Http, newer, "hello");

        var third = await Api.CreateSessionAsync(Http, agent);

        Assert.Equal("stopped", await Api.StatusOfAsync(Http, oldest));
        Assert.Equal("capacity", (await Api.EventsOfTypeAsync(Http, oldest, "status"))[^1]["reason"]!.GetValue<string>());
        Assert.Equal("active", await Api.StatusOfAsync(Http, newer));
        Assert.Equal("Hello! You said: again", Api.Text(await Api.SendAsync(Http, third, "again")));

        // The evicted session comes back (evicting another) and still remembers.
        await Api.ChangeAsync(Http, oldest, "resume");
        Assert.Contains("my favourite colour is teal", Api.Text(await Api.SendAsync(Http, oldest, "[[recall]]")));

        foreach (var session in new[] { oldest, newer, third })
        {
            await Api.ChangeAsync(Http, session, "delete");
        }
    }

    [Fact]
    public async Task Create_WhenEveryLiveSessionIsBusy_Answers503WithRetryAfter()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var first = await Api.CreateSessionAsync(Http, agent);
        var second = await Api.CreateSessionAsync(Http, agent);
        await using var firstTurn = await OpenStream.SendAsync(Http, first, "[[slow:200:100]]");
        await using var secondTurn = await OpenStream.SendAsync(Http, second, "[[slow:200:100]]");
        await firstTurn.ReadUntilAsync("text_delta");
        await secondTurn.ReadUntilAsync("text_delta");

        using var refused = await Http.PostAsJsonAsync("/api/sessions", new { agent });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        var body = await refused.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.Equal("capacity", body!["code"]!.GetValue<string>());
        var listed = (await Api.GetJsonAsync(Http, $"/api/sessions?agent={agent}"))["sessions"]!.AsArray();
        Assert.Equal(2, listed.Count);

        foreach (var session in new[] { first, second })
        {
            await Api.ChangeAsync(Http, session, "delete");
        }

        Assert.Equal("error", (await firstTurn.ReadToEndAsync())[^2].Event);
        var afterwards = await Api.CreateSessionAsync(Http, agent);
        await Api.ChangeAsync(Http, afterwards, "delete");
    }
}

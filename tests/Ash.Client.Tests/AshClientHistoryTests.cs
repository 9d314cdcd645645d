using System.Text.Json;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Client.Tests;

/// <summary>The SDK's history methods: messages in Ash's shapes, the timeline, and the stream log it can replay.</summary>
public sealed class AshClientHistoryTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task History_AfterATurn_ReadsMessagesTimelineAndStreamLog()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        var agent = await client.DeployAgentAsync("agent-" + Guid.NewGuid().ToString("N")[..8], RepositoryPaths.ExampleAgent, timeout.Token);
        var session = await client.CreateSessionAsync(agent.Name, cancellationToken: timeout.Token);
        var streamed = new List<AshEvent>();
        await foreach (var item in client.SendMessageAsync(session.Id, "through the client", cancellationToken: timeout.Token))
        {
            streamed.Add(item);
        }

        var messages = await client.GetMessagesAsync(session.Id, cancellationToken: timeout.Token);
        var timeline = await client.GetEventsAsync(session.Id, cancellationToken: timeout.Token);
        var completions = await client.GetEventsAsync(session.Id, type: "turn_complete", cancellationToken: timeout.Token);
        var log = await client.GetStreamEventsAsync(session.Id, after: streamed[0].Id - 1, limit: 1000, cancellationToken: timeout.Token);

        using (var user = JsonDocument.Parse(messages[0].Content))
        {
            Assert.Equal("user", user.RootElement.GetProperty("type").GetString());
            Assert.Equal("through the client", user.RootElement.GetProperty("content").GetString());
        }

        Assert.Contains(timeline, e => e.Type == "text" && e.Data!.Contains("through the client", StringComparison.Ordinal));
        var complete = Assert.Single(completions);
        Assert.Equal("turn_complete", complete.Type);
        Assert.True(Guid.TryParse(complete.Id, out _));
        Assert.Equal(streamed.Select(e => (e.Id, e.Type)), log.Select(e => ((long?)e.Sequence, e.Type)));
    }

    [Fact]
    public async Task SendMessageAsync_WithThinking_ReachesTheModel()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        var agent = await client.DeployAgentAsync("agent-" + Guid.NewGuid().ToString("N")[..8], RepositoryPaths.ExampleAgent, timeout.Token);
        // A model with budgeted thinking: on adaptive-thinking models the CLI keeps its own thinking (docs/api.md).
        var session = await client.CreateSessionAsync(agent.Name, new CreateSessionOptions { Model = "claude-sonnet-4-5" }, timeout.Token);
        var seen = platform.Model.Requests.Count;

        var events = new List<AshEvent>();
        var options = new SendMessageOptions { Thinking = new ThinkingOptions("disabled"), MaxTurns = 2 };
        await foreach (var item in client.SendMessageAsync(session.Id, "options through the client", options, timeout.Token))
        {
            events.Add(item);
        }

        Assert.DoesNotContain(events, e => e.Type == AshEventTypes.Error);
        var request = platform.Model.Requests.Skip(seen).Last(r => r.UserTexts.Count > 0 && r.UserTexts[^1].Contains("options through the client", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("disabled", body.RootElement.GetProperty("thinking").GetProperty("type").GetString());
    }
}

using System.Net;
using System.Text;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Client.Tests;

/// <summary>The SDK's session lifecycle methods against the real server, runtime and fake model.</summary>
public sealed class AshClientSessionsTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task LifecycleMethods_CreatePauseResumeStopResumeForkEnd_ReturnEachNewState()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var agent = await DeployAgentAsync(client, timeout.Token);
        var session = await client.CreateSessionAsync(agent, cancellationToken: timeout.Token);

        var paused = await client.PauseSessionAsync(session.Id, timeout.Token);
        var warm = await client.ResumeSessionAsync(session.Id, timeout.Token);
        var stopped = await client.StopSessionAsync(session.Id, timeout.Token);
        var cold = await client.ResumeSessionAsync(session.Id, timeout.Token);
        var reply = await ReplyTextAsync(client, session.Id, "after the cold resume", timeout.Token);
        var child = await client.ForkSessionAsync(session.Id, timeout.Token);
        var endedChild = await client.EndSessionAsync(child.Id, timeout.Token);
        var ended = await client.EndSessionAsync(session.Id, timeout.Token);

        Assert.Equal(SessionStatus.Active, session.Status);
        Assert.Equal((session.Id, SessionStatus.Paused), (paused.Id, paused.Status));
        Assert.Equal(SessionStatus.Active, warm.Status);
        Assert.Equal(SessionStatus.Stopped, stopped.Status);
        Assert.Equal(SessionStatus.Active, cold.Status);
        Assert.Equal("Hello! You said: after the cold resume", reply);
        Assert.NotEqual(session.Id, child.Id);
        Assert.Equal(session.Id, child.ParentSessionId);
        Assert.Equal(agent, child.AgentName);
        Assert.Equal(SessionStatus.Active, child.Status);
        Assert.Equal(SessionStatus.Ended, endedChild.Status);
        Assert.Equal(SessionStatus.Ended, ended.Status);
        Assert.Equal(SessionStatus.Ended, (await client.GetSessionAsync(session.Id, timeout.Token)).Status);
    }

    [Fact]
    public async Task ResumeSessionAsync_EndedSession_ThrowsGoneWithSessionEndedCode()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await client.CreateSessionAsync(await DeployAgentAsync(client, timeout.Token), cancellationToken: timeout.Token);
        await client.EndSessionAsync(session.Id, timeout.Token);

        var error = await Assert.ThrowsAsync<AshApiException>(() => client.ResumeSessionAsync(session.Id, timeout.Token));

        Assert.Equal(HttpStatusCode.Gone, error.StatusCode);
        Assert.Equal("session_ended", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task PauseSessionAsync_StoppedSession_ThrowsBadRequestWithInvalidStateCode()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await client.CreateSessionAsync(await DeployAgentAsync(client, timeout.Token), cancellationToken: timeout.Token);
        await client.StopSessionAsync(session.Id, timeout.Token);

        var error = await Assert.ThrowsAsync<AshApiException>(() => client.PauseSessionAsync(session.Id, timeout.Token));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("invalid_state", error.Code);
        Assert.Equal(SessionStatus.Stopped, (await client.GetSessionAsync(session.Id, timeout.Token)).Status);
        await client.EndSessionAsync(session.Id, timeout.Token);
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("stop")]
    [InlineData("fork")]
    public async Task LifecycleMethod_UnknownSession_ThrowsNotFound(string action)
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var unknown = Guid.NewGuid().ToString("D");

        var error = await Assert.ThrowsAsync<AshApiException>(() => action switch
        {
            "pause" => client.PauseSessionAsync(unknown, timeout.Token),
            "resume" => client.ResumeSessionAsync(unknown, timeout.Token),
            "stop" => client.StopSessionAsync(unknown, timeout.Token),
            "fork" => client.ForkSessionAsync(unknown, timeout.Token),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        });

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("session_not_found", error.Code);
    }

    [Fact]
    public async Task GetHealthAsync_RunningServer_ReportsDatabaseAndMaxCapacity()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();

        var health = await client.GetHealthAsync(timeout.Token);

        Assert.Equal(TestDatabase.IsPostgres ? "postgres" : "sqlite", health.Database);
        Assert.NotNull(health.Pool);
        Assert.True(health.Pool.MaxCapacity > 0, $"maxCapacity {health.Pool.MaxCapacity}");
        Assert.Equal(health.Pool.Cold + health.Pool.Warming + health.Pool.Warm + health.Pool.Waiting + health.Pool.Running, health.Pool.Total);
        Assert.Equal("claude-code", health.Sandbox?.Runtime);
    }

    private AshClient CreateClient() => new(platform.Server.BaseUrl, TestServer.ApiKey);

    private static async Task<string> DeployAgentAsync(AshClient client, CancellationToken cancellationToken)
    {
        var agent = await client.DeployAgentAsync("agent-" + Guid.NewGuid().ToString("N")[..8], RepositoryPaths.ExampleAgent, cancellationToken);
        return agent.Name;
    }

    private static async Task<string> ReplyTextAsync(AshClient client, string sessionId, string message, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var item in client.SendMessageAsync(sessionId, message, cancellationToken: cancellationToken))
        {
            Assert.NotEqual(AshEventTypes.Error, item.Type);
            if (item.Type == AshEventTypes.TextDelta)
            {
                text.Append(item.Data.GetProperty("delta").GetString());
            }
        }

        return text.ToString();
    }
}

using System.Net;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Client.Tests;

/// <summary>The server's 503 at capacity, as the SDK reports it: code <c>capacity</c> and the Retry-After delay.</summary>
public sealed class AshClientCapacityTests(TwoSandboxesFixture platform) : IClassFixture<TwoSandboxesFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task ResumeSessionAsync_EveryLiveSandboxBusy_ThrowsCapacityWithRetryAfter()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        var agent = (await client.DeployAgentAsync("agent-" + Guid.NewGuid().ToString("N")[..8], RepositoryPaths.ExampleAgent, timeout.Token)).Name;
        var waiting = await client.CreateSessionAsync(agent, cancellationToken: timeout.Token);
        await client.StopSessionAsync(waiting.Id, timeout.Token);
        var first = await client.CreateSessionAsync(agent, cancellationToken: timeout.Token);
        var second = await client.CreateSessionAsync(agent, cancellationToken: timeout.Token);
        await using var firstTurn = await OpenStream.SendAsync(platform.Server.Http, Guid.Parse(first.Id), "[[slow:200:100]]");
        await using var secondTurn = await OpenStream.SendAsync(platform.Server.Http, Guid.Parse(second.Id), "[[slow:200:100]]");
        await firstTurn.ReadUntilAsync(AshEventTypes.TextDelta);
        await secondTurn.ReadUntilAsync(AshEventTypes.TextDelta);

        var resume = await Assert.ThrowsAsync<AshApiException>(() => client.ResumeSessionAsync(waiting.Id, timeout.Token));
        var create = await Assert.ThrowsAsync<AshApiException>(() => client.CreateSessionAsync(agent, cancellationToken: timeout.Token));

        foreach (var refused in new[] { resume, create })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("capacity", refused.Code);
            Assert.Equal(TimeSpan.FromSeconds(7), refused.RetryAfter);
        }

        Assert.Equal(SessionStatus.Stopped, (await client.GetSessionAsync(waiting.Id, timeout.Token)).Status);
        foreach (var session in new[] { first, second, waiting })
        {
            await client.EndSessionAsync(session.Id, timeout.Token);
        }

        await firstTurn.ReadToEndAsync();
        await secondTurn.ReadToEndAsync();
    }
}

using System.Net;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Client.Tests;

/// <summary>The SDK's exec and sandbox-log methods against the real server.</summary>
public sealed class AshClientSandboxTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    private AshClient CreateClient() => new(platform.Server.BaseUrl, TestServer.ApiKey);

    private static async Task<Session> NewSessionAsync(AshClient client, CancellationToken cancellationToken)
    {
        var agent = await client.DeployAgentAsync("agent-" + Guid.NewGuid().ToString("N")[..8], RepositoryPaths.ExampleAgent, cancellationToken);
        return await client.CreateSessionAsync(agent.Name, cancellationToken: cancellationToken);
    }

    [Fact]
    public async Task ExecAsync_ReturnsTheCommandsResult_AndTimesOut()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await NewSessionAsync(client, timeout.Token);

        var ran = await client.ExecAsync(session.Id, "printf 'a b'; echo oops >&2; exit 5", cancellationToken: timeout.Token);
        var slow = await client.ExecAsync(session.Id, "sleep 30", TimeSpan.FromMilliseconds(300), timeout.Token);

        Assert.Equal(new ExecResult(5, "a b", "oops\n", false, false), ran);
        Assert.True(slow.TimedOut);
        Assert.Equal(124, slow.ExitCode);
    }

    [Fact]
    public async Task ExecAsync_OnAStoppedSession_IsInvalidState()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await NewSessionAsync(client, timeout.Token);
        await client.StopSessionAsync(session.Id, timeout.Token);

        var refused = await Assert.ThrowsAsync<AshApiException>(() => client.ExecAsync(session.Id, "true", cancellationToken: timeout.Token));

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_state"), (refused.StatusCode, refused.Code));
    }

    [Fact]
    public async Task GetLogsAsync_ReadsTheLog_AndReadsOnFromAnIndex()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await NewSessionAsync(client, timeout.Token);
        await client.ExecAsync(session.Id, "true", cancellationToken: timeout.Token);

        var all = await client.GetLogsAsync(session.Id, cancellationToken: timeout.Token);
        var rest = await client.GetLogsAsync(session.Id, after: all.Logs[0].Index, cancellationToken: timeout.Token);
        var one = await client.GetLogsAsync(session.Id, limit: 1, cancellationToken: timeout.Token);
        var missing = await Assert.ThrowsAsync<AshApiException>(() => client.GetLogsAsync(Guid.NewGuid().ToString(), cancellationToken: timeout.Token));

        Assert.Equal("sandbox", all.Source);
        Assert.Equal(0, all.Logs[0].Index);
        Assert.Equal("system", all.Logs[0].Level);
        Assert.Contains(all.Logs, line => line.Text.StartsWith("exec exited with code 0", StringComparison.Ordinal));
        Assert.Equal(all.Logs.Skip(1), rest.Logs.Take(all.Logs.Count - 1));
        Assert.Equal(all.Logs[0], Assert.Single(one.Logs));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

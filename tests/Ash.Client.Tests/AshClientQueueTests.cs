using Ash.Client;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Client.Tests;

/// <summary>The SDK's queue methods against the real server, runtime and fake model.</summary>
public sealed class AshClientQueueTests(QueueFixture platform) : IClassFixture<QueueFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task QueueMethods_EnqueueShowListStatsCancel_RoundTrip()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        var agent = (await client.DeployAgentAsync("agent-" + Guid.NewGuid().ToString("N")[..8], RepositoryPaths.ExampleAgent, timeout.Token)).Name;

        var queued = await client.EnqueueAsync(agent, "from the SDK", new EnqueueOptions { Priority = 3, MaxRetries = 1 }, timeout.Token);
        var done = await WaitAsync(client, queued.Id, "completed", timeout.Token);
        var page = await client.ListQueueItemsAsync(status: "completed", limit: 10, cancellationToken: timeout.Token);
        var stats = await client.GetQueueStatsAsync(timeout.Token);
        var error = await Assert.ThrowsAsync<AshApiException>(() => client.CancelQueueItemAsync(queued.Id, timeout.Token));
        var missing = await Assert.ThrowsAsync<AshApiException>(() => client.EnqueueAsync("no-such-agent", "x", cancellationToken: timeout.Token));

        Assert.Equal(("pending", 3, 1), (queued.Status, queued.Priority, queued.MaxRetries));
        Assert.Equal("Hello! You said: from the SDK", done.ResultText);
        Assert.NotNull(done.SessionId);
        Assert.Contains(page.Items, item => item.Id == queued.Id);
        Assert.True(stats.Completed >= 1, $"completed {stats.Completed}");
        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "queue_item_not_pending"), (error.StatusCode, error.Code));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<QueueItem> WaitAsync(AshClient client, string id, string status, CancellationToken cancellationToken)
    {
        QueueItem? item = null;
        await Eventually.TrueAsync(
            async () =>
            {
                item = await client.GetQueueItemAsync(id, cancellationToken);
                if (item.Status == status)
                {
                    return true;
                }

                Assert.NotEqual("failed", item.Status);
                return false;
            },
            () => $"queue item {id} to be {status} (it is {item?.Status})",
            TestTimeout);
        return item!;
    }
}

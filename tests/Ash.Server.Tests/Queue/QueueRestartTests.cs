using Ash.Core.Queue;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Queue;

public sealed class QueueRestartTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Ash:Queue:MaxConcurrentJobs"] = "1",
        ["Ash:Queue:PollInterval"] = "00:00:00.2",
        ["Ash:Queue:RetryBaseDelay"] = "00:00:00.2",
        ["Ash:Queue:RetryMaxDelay"] = "00:00:01",
    };

    [Fact]
    public async Task Restart_RunningAndPendingJobs_RunOnTheNextStart_TheCutAttemptCounted()
    {
        var data = TestServer.NewDataDirectory();
        var database = await TestDatabase.NewAsync();
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        try
        {
            string agent, runningId, pendingId;
            await using (var before = await TestServer.StartOnAsync(data, database, model.BaseUrl, PlatformFixture.RealModelKey, extra: Settings))
            {
                agent = await Api.DeployAgentAsync(before.Http);
                var running = await QueueCalls.EnqueueAsync(before.Http, new { agentName = agent, prompt = "[[slow:200:40]]", priority = 9, maxRetries = 2 });
                runningId = QueueCalls.Id(running);
                await QueueCalls.WaitForAsync(before.Http, runningId, item => QueueCalls.Status(item) == "processing" && item["sessionId"] is not null, "running");
                pendingId = QueueCalls.Id(await QueueCalls.EnqueueAsync(before.Http, new { agentName = agent, prompt = "after the restart" }));
            }

            // The server stopped in the middle of the job: the database still says it runs.
            await using (var store = await StoreAccess.OpenAsync(data, database))
            {
                var left = await store.Queue.GetAsync("default", Guid.Parse(runningId), CancellationToken.None);
                Assert.Equal(QueueStatus.Processing, left!.Status);
            }

            await using var after = await TestServer.StartOnAsync(data, database, model.BaseUrl, PlatformFixture.RealModelKey, extra: Settings);
            var resumed = await QueueCalls.WaitForAsync(after.Http, runningId, item => QueueCalls.Status(item) is "completed" or "failed", "finished");
            var pending = await QueueCalls.WaitForAsync(after.Http, pendingId, item => QueueCalls.Status(item) is "completed" or "failed", "finished");

            Assert.Equal("completed", QueueCalls.Status(resumed));
            Assert.Equal(1, resumed["retryCount"]!.GetValue<int>());
            Assert.Equal("completed", QueueCalls.Status(pending));
            Assert.Equal("Hello! You said: after the restart", pending["result"]!["text"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

using Ash.Core.Budgets;
using Ash.Core.Usage;
using Ash.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ash.Core.Tests.Usage;

/// <summary>The recorder against a real SQLite store: what was handed to it before a clean stop is all written.</summary>
public sealed class UsageRecorderTests : IAsyncDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ash-usage-");
    private SqliteDatabase? _database;

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task CleanStop_RightAfterManyRecords_WritesEveryOne()
    {
        var cancel = TestContext.Current.CancellationToken;
        _database = await SqliteDatabase.OpenAsync(Path.Combine(_directory.FullName, "ash.db"), fullSync: false, cancel);
        var store = new SqliteUsageStore(_database);
        var unflushed = new UnflushedCost();
        var recorder = new UsageRecorder(store, unflushed, NullLogger<UsageRecorder>.Instance);
        await recorder.StartAsync(cancel);
        var session = Guid.NewGuid();

        for (var i = 0; i < 2_000; i++)
        {
            await recorder.RecordAsync(new ModelUsage("t1", session, "agent", "claude-haiku-4-5", 1, 2, 3, 4, 0.5m, DateTimeOffset.UtcNow), cancel);
        }

        await recorder.StopAsync(cancel).WaitAsync(TimeSpan.FromSeconds(30), cancel);

        var totals = UsageTotals.From(await store.SumAsync("t1", new UsageFilter(session, null, null, null), cancel));
        Assert.Equal(new UsageTotals(2_000, 4_000, 6_000, 8_000, 1_000m), totals);
        Assert.Equal(0m, unflushed.ForSession(session));
        Assert.Equal(0m, unflushed.ForTenant("t1"));
    }

    [Fact]
    public async Task Record_BeforeItIsWritten_IsCountedAsUnflushedCost_ByTenantAgentAndSession()
    {
        var cancel = TestContext.Current.CancellationToken;
        _database = await SqliteDatabase.OpenAsync(Path.Combine(_directory.FullName, "ash.db"), fullSync: false, cancel);
        var unflushed = new UnflushedCost();

        // Not started: nothing is written, so everything recorded waits in the queue.
        var recorder = new UsageRecorder(new SqliteUsageStore(_database), unflushed, NullLogger<UsageRecorder>.Instance);
        var session = Guid.NewGuid();
        await recorder.RecordAsync(new ModelUsage("t1", session, "a", "claude-haiku-4-5", 1, 2, 3, 4, 0.25m, DateTimeOffset.UtcNow), cancel);
        await recorder.RecordAsync(new ModelUsage("t1", Guid.NewGuid(), "b", "claude-haiku-4-5", 1, 2, 3, 4, 0.5m, DateTimeOffset.UtcNow), cancel);

        Assert.Equal(0.75m, unflushed.ForTenant("t1"));
        Assert.Equal(0.25m, unflushed.ForAgent("t1", "a"));
        Assert.Equal(0.25m, unflushed.ForSession(session));
        Assert.Equal(0m, unflushed.ForTenant("t2"));
        Assert.Equal(0m, unflushed.ForAgent("t2", "a"));
    }
}

using Ash.Core.Queue;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class QueueStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAsync_InsertedItem_ReturnsItForItsTenantOnly()
    {
        var item = Job(priority: 7, maxRetries: 2) with { SessionId = Guid.NewGuid() };
        await Stores.Queue.InsertAsync(item, Token);

        Assert.Equal(item, await Stores.Queue.GetAsync("tenant", item.Id, Token));
        Assert.Null(await Stores.Queue.GetAsync("other", item.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_Pages_NewestFirstWithCursor()
    {
        var jobs = Enumerable.Range(0, 5).Select(i => Job(createdAt: T0.AddSeconds(i))).ToList();
        foreach (var job in jobs)
        {
            await Stores.Queue.InsertAsync(job, Token);
        }

        await Stores.Queue.InsertAsync(Job(tenant: "other", createdAt: T0.AddSeconds(10)), Token);

        var first = await Stores.Queue.ListAsync("tenant", new QueueQuery(null, 3, null), Token);
        var second = await Stores.Queue.ListAsync("tenant", new QueueQuery(null, 3, first.NextCursor), Token);

        Assert.Equal([jobs[4].Id, jobs[3].Id, jobs[2].Id], first.Items.Select(item => item.Id));
        Assert.NotNull(first.NextCursor);
        Assert.Equal([jobs[1].Id, jobs[0].Id], second.Items.Select(item => item.Id));
        Assert.Null(second.NextCursor);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_StatusFilter_ReturnsOnlyThatStatus()
    {
        var pending = Job();
        var cancelled = Job();
        await Stores.Queue.InsertAsync(pending, Token);
        await Stores.Queue.InsertAsync(cancelled, Token);
        await Stores.Queue.CancelAsync("tenant", cancelled.Id, T0, Token);

        var page = await Stores.Queue.ListAsync("tenant", new QueueQuery(QueueStatus.Cancelled, 50, null), Token);

        Assert.Equal([cancelled.Id], page.Items.Select(item => item.Id));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetStatsAsync_CountsEachStatusOfTheTenant()
    {
        await Stores.Queue.InsertAsync(Job(createdAt: T0), Token);
        await Stores.Queue.InsertAsync(Job(createdAt: T0.AddSeconds(1)), Token);
        var cancelled = Job(createdAt: T0.AddSeconds(2));
        await Stores.Queue.InsertAsync(cancelled, Token);
        await Stores.Queue.CancelAsync("tenant", cancelled.Id, T0, Token);
        await Stores.Queue.InsertAsync(Job(tenant: "other", createdAt: T0.AddSeconds(10)), Token);
        await Stores.Queue.ClaimAsync(T0.AddSeconds(20), T0.AddSeconds(80), Token);

        var stats = await Stores.Queue.GetStatsAsync("tenant", Token);

        Assert.Equal(new QueueStats(Pending: 1, Processing: 1, Completed: 0, Failed: 0, Cancelled: 1), stats);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CancelAsync_PendingItem_CancelsIt_ProcessingItem_IsLeftAlone()
    {
        var first = Job(createdAt: T0);
        var second = Job(createdAt: T0.AddSeconds(1));
        await Stores.Queue.InsertAsync(first, Token);
        await Stores.Queue.InsertAsync(second, Token);
        var claimed = await Stores.Queue.ClaimAsync(T0.AddSeconds(5), T0.AddSeconds(65), Token);

        var running = await Stores.Queue.CancelAsync("tenant", first.Id, T0.AddSeconds(6), Token);
        var waiting = await Stores.Queue.CancelAsync("tenant", second.Id, T0.AddSeconds(6), Token);

        Assert.Equal(first.Id, claimed!.Id);
        Assert.Equal(QueueStatus.Processing, running!.Status);
        Assert.Equal(QueueStatus.Cancelled, waiting!.Status);
        Assert.Equal(T0.AddSeconds(6), waiting.CompletedAt);
        Assert.Null(await Stores.Queue.CancelAsync("other", second.Id, T0, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ClaimAsync_HighestPriorityThenOldest()
    {
        var oldLow = Job(priority: 0, createdAt: T0);
        var newHigh = Job(priority: 5, createdAt: T0.AddSeconds(2));
        var oldHigh = Job(priority: 5, createdAt: T0.AddSeconds(1));
        foreach (var job in new[] { oldLow, newHigh, oldHigh })
        {
            await Stores.Queue.InsertAsync(job, Token);
        }

        var order = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var claimed = await Stores.Queue.ClaimAsync(T0.AddSeconds(10), T0.AddSeconds(70), Token);
            order.Add(claimed!.Id);
            Assert.Equal(QueueStatus.Processing, claimed.Status);
            Assert.Equal(T0.AddSeconds(10), claimed.StartedAt);
            Assert.Equal(T0.AddSeconds(70), claimed.LeaseUntil);
        }

        Assert.Equal([oldHigh.Id, newHigh.Id, oldLow.Id], order);
        Assert.Null(await Stores.Queue.ClaimAsync(T0.AddSeconds(10), T0.AddSeconds(70), Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ClaimAsync_RetryTimeNotReached_WaitsForIt()
    {
        var job = Job() with { RetryAfter = T0.AddSeconds(30) };
        await Stores.Queue.InsertAsync(job, Token);

        Assert.Null(await Stores.Queue.ClaimAsync(T0.AddSeconds(29), T0.AddSeconds(90), Token));
        Assert.Equal(job.Id, (await Stores.Queue.ClaimAsync(T0.AddSeconds(30), T0.AddSeconds(90), Token))?.Id);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ClaimAsync_TenantServedLongestAgoGoesFirst_WhateverItsPriority()
    {
        var busyFirst = Job(tenant: "busy", priority: 9, createdAt: T0);
        var busySecond = Job(tenant: "busy", priority: 9, createdAt: T0.AddSeconds(1));
        var quiet = Job(tenant: "quiet", priority: 0, createdAt: T0.AddSeconds(2));
        foreach (var job in new[] { busyFirst, busySecond, quiet })
        {
            await Stores.Queue.InsertAsync(job, Token);
        }

        var first = await Stores.Queue.ClaimAsync(T0.AddSeconds(10), T0.AddSeconds(70), Token);
        var second = await Stores.Queue.ClaimAsync(T0.AddSeconds(11), T0.AddSeconds(71), Token);

        // Neither tenant has been served: the higher priority wins; then the quiet tenant has its turn.
        Assert.Equal(busyFirst.Id, first!.Id);
        Assert.Equal(quiet.Id, second!.Id);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ClaimAsync_ManyConcurrentClaimers_TakeEachJobOnce()
    {
        var jobs = Enumerable.Range(0, 8).Select(i => Job(createdAt: T0.AddMilliseconds(i))).ToList();
        foreach (var job in jobs)
        {
            await Stores.Queue.InsertAsync(job, Token);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Stores.Queue.ClaimAsync(T0.AddSeconds(5), T0.AddSeconds(65), Token), Token)));

        var claimed = claims.Where(item => item is not null).Select(item => item!.Id).ToList();
        Assert.Equal(jobs.Count, claimed.Count);
        Assert.Equal(jobs.Select(job => job.Id).Order(), claimed.Order());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task FinishAttemptAsync_WritesTheOutcome_OnlyWhileProcessing()
    {
        var job = Job();
        await Stores.Queue.InsertAsync(job, Token);
        var claimed = await Stores.Queue.ClaimAsync(T0, T0 + Lease, Token);
        var session = Guid.NewGuid();
        var done = claimed! with
        {
            Status = QueueStatus.Completed,
            SessionId = session,
            OwnsSession = true,
            ResultJson = """{"text":"hi","turnComplete":null}""",
            CompletedAt = T0.AddSeconds(3),
            LeaseUntil = null,
        };

        Assert.True(await Stores.Queue.FinishAttemptAsync(done, Token));
        Assert.False(await Stores.Queue.FinishAttemptAsync(done with { Status = QueueStatus.Failed }, Token));
        Assert.Equal(done, await Stores.Queue.GetAsync("tenant", job.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task FinishAttemptAsync_StaleClaim_ChangesNothing()
    {
        var job = Job(maxRetries: 3);
        await Stores.Queue.InsertAsync(job, Token);
        var first = await Stores.Queue.ClaimAsync(T0, T0.AddSeconds(10), Token);
        await Stores.Queue.ReleaseExpiredAsync(T0.AddSeconds(11), "lease ran out", Token);
        var second = await Stores.Queue.ClaimAsync(T0.AddSeconds(12), T0.AddSeconds(72), Token);

        // The first claimer comes back late: the job is another claim's now.
        Assert.False(await Stores.Queue.FinishAttemptAsync(first! with { Status = QueueStatus.Completed, CompletedAt = T0.AddSeconds(13) }, Token));
        Assert.Equal(QueueStatus.Processing, (await Stores.Queue.GetAsync("tenant", job.Id, Token))!.Status);
        Assert.True(await Stores.Queue.FinishAttemptAsync(second! with { Status = QueueStatus.Completed, CompletedAt = T0.AddSeconds(14) }, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task FinishAttemptAsync_BackToPending_IsClaimedAgainAfterItsRetryTime()
    {
        var job = Job(maxRetries: 3);
        await Stores.Queue.InsertAsync(job, Token);
        var claimed = await Stores.Queue.ClaimAsync(T0, T0 + Lease, Token);
        await Stores.Queue.FinishAttemptAsync(claimed! with { Status = QueueStatus.Pending, RetryCount = 1, Error = "boom", RetryAfter = T0.AddSeconds(5), LeaseUntil = null }, Token);

        Assert.Null(await Stores.Queue.ClaimAsync(T0.AddSeconds(4), T0.AddSeconds(64), Token));
        var again = await Stores.Queue.ClaimAsync(T0.AddSeconds(5), T0.AddSeconds(65), Token);
        Assert.Equal(1, again!.RetryCount);
        Assert.Equal("boom", again.Error);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReleaseExpiredAsync_CountsAnAttempt_FailsWhenRetriesAreUsed()
    {
        var retried = Job(maxRetries: 1, createdAt: T0);
        var exhausted = Job(maxRetries: 0, createdAt: T0.AddSeconds(1));
        var fresh = Job(maxRetries: 0, createdAt: T0.AddSeconds(2));
        foreach (var job in new[] { retried, exhausted, fresh })
        {
            await Stores.Queue.InsertAsync(job, Token);
        }

        await Stores.Queue.ClaimAsync(T0, T0.AddSeconds(10), Token);
        await Stores.Queue.ClaimAsync(T0, T0.AddSeconds(10), Token);
        await Stores.Queue.ClaimAsync(T0, T0.AddSeconds(100), Token);

        Assert.Equal(2, await Stores.Queue.ReleaseExpiredAsync(T0.AddSeconds(11), "server died", Token));

        var pending = await Stores.Queue.GetAsync("tenant", retried.Id, Token);
        var failed = await Stores.Queue.GetAsync("tenant", exhausted.Id, Token);
        Assert.Equal((QueueStatus.Pending, 1, "server died"), (pending!.Status, pending.RetryCount, pending.Error));
        Assert.Equal((QueueStatus.Failed, 1, "server died"), (failed!.Status, failed.RetryCount, failed.Error));
        Assert.Equal(T0.AddSeconds(11), failed.CompletedAt);
        Assert.Equal(QueueStatus.Processing, (await Stores.Queue.GetAsync("tenant", fresh.Id, Token))!.Status);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ExpireAllLeasesAsync_MakesEveryRunningJobReleasable()
    {
        var job = Job(maxRetries: 2);
        await Stores.Queue.InsertAsync(job, Token);
        await Stores.Queue.ClaimAsync(T0, T0.AddHours(1), Token);

        await Stores.Queue.ExpireAllLeasesAsync(T0.AddSeconds(1), Token);

        Assert.Equal(1, await Stores.Queue.ReleaseExpiredAsync(T0.AddSeconds(1), "restarted", Token));
        Assert.Equal(job.Id, (await Stores.Queue.ClaimAsync(T0.AddSeconds(1), T0.AddSeconds(61), Token))?.Id);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task RenewLeaseAsync_ProcessingJob_Extends_OtherwiseFalse()
    {
        var job = Job();
        await Stores.Queue.InsertAsync(job, Token);
        Assert.False(await Stores.Queue.RenewLeaseAsync(job.Id, T0.AddMinutes(5), Token));
        await Stores.Queue.ClaimAsync(T0, T0.AddSeconds(10), Token);

        Assert.True(await Stores.Queue.RenewLeaseAsync(job.Id, T0.AddMinutes(5), Token));
        Assert.Equal(0, await Stores.Queue.ReleaseExpiredAsync(T0.AddMinutes(1), "x", Token));
    }

    private static QueueItem Job(string tenant = "tenant", int priority = 0, int maxRetries = 3, DateTimeOffset? createdAt = null) =>
        new(Guid.NewGuid(), tenant, null, "agent", "do it", QueueStatus.Pending, priority, 0, maxRetries, null, createdAt ?? T0, null, null);
}

using Ash.Core.Sessions.Actors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Queue;

/// <summary>
/// Takes due jobs from the database and runs them, at most <see cref="QueueOptions.MaxConcurrentJobs"/> at once
/// and only while more than <see cref="QueueOptions.ReservedSandboxes"/> live-sandbox slots are free. The claim
/// is one conditional write, so processors in several replicas never run a job twice; a running job's claim is
/// a lease, renewed while it runs, so the job of a server that died is taken again once its lease runs out
/// (at once by a single server restarting on the same data).
/// </summary>
public sealed partial class QueueProcessor(
    IQueueStore store,
    QueueJobRunner runner,
    SandboxSlots slots,
    QueueOptions options,
    QueueWakeup wakeup,
    TimeProvider time,
    ILogger<QueueProcessor> logger) : BackgroundService
{
    public const string AbandonedError = "The server running this job stopped before it finished";

    private int _starting;
    private DateTimeOffset _lastReleaseCheck = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.MaxConcurrentJobs == 0)
        {
            return;
        }

        var running = new List<Task>();
        try
        {
            if (options.ReclaimAtStart)
            {
                await store.ExpireAllLeasesAsync(time.GetUtcNow(), stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ClaimDueJobsAsync(running, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A database outage: the jobs wait in the table; try again at the next poll.
                    LogPollFailed(logger, exception);
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = wakeup.WaitAsync(wait.Token);
                var polled = Task.Delay(options.PollInterval, time, wait.Token);
                await Task.WhenAny([woken, polled, .. running]);
                await wait.CancelAsync();
                running.RemoveAll(task => task.IsCompleted);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // The jobs see the stopping token; what they leave processing is taken again after a restart.
            await Task.WhenAll(running);
        }
    }

    private async Task ClaimDueJobsAsync(List<Task> running, CancellationToken stoppingToken)
    {
        // Leases are checked a few times per lease, not at every poll: each check is a write.
        if (time.GetUtcNow() - _lastReleaseCheck >= options.LeaseDuration / 3)
        {
            _lastReleaseCheck = time.GetUtcNow();
            var released = await store.ReleaseExpiredAsync(_lastReleaseCheck, AbandonedError, stoppingToken);
            if (released > 0)
            {
                LogReleased(logger, released);
            }
        }

        while (running.Count(task => !task.IsCompleted) < options.MaxConcurrentJobs && HasRoom())
        {
            var now = time.GetUtcNow();
            var job = await store.ClaimAsync(now, now + options.LeaseDuration, stoppingToken);
            if (job is null)
            {
                return;
            }

            Interlocked.Increment(ref _starting);
            running.Add(RunJobAsync(job, stoppingToken));
        }
    }

    /// <summary>Free slots beyond the reserve, counting the jobs still starting as taken.</summary>
    private bool HasRoom() => slots.Capacity - slots.InUse - Volatile.Read(ref _starting) > options.ReservedSandboxes;

    private async Task RunJobAsync(QueueItem job, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var started = true;
        using var lease = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = RenewLeaseAsync(job.Id, lease.Token);
        try
        {
            QueueAttempt attempt;
            try
            {
                attempt = await runner.RunAsync(job, async (sessionId, owns) =>
                {
                    ReleaseStart(ref started);
                    await store.SetSessionAsync(job.Id, sessionId, owns, stoppingToken);
                }, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogJobCrashed(logger, job.Id, exception);
                attempt = new QueueAttempt(QueueAttemptOutcome.Failed, null, job.OwnsSession, $"The job failed unexpectedly: {exception.Message}", null);
            }

            ReleaseStart(ref started);
            var finished = QueueRetryPolicy.Apply(job, attempt, time.GetUtcNow(), options);
            if (!await store.FinishAttemptAsync(finished, stoppingToken))
            {
                LogLostJob(logger, job.Id);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the job stays processing and is taken again at the next start.
        }
        catch (Exception exception)
        {
            LogJobCrashed(logger, job.Id, exception);
        }
        finally
        {
            ReleaseStart(ref started);
            await lease.CancelAsync();
            await renewing;
            wakeup.Wake();
        }
    }

    private void ReleaseStart(ref bool started)
    {
        if (started)
        {
            started = false;
            Interlocked.Decrement(ref _starting);
        }
    }

    private async Task RenewLeaseAsync(Guid id, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.LeaseDuration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (!await store.RenewLeaseAsync(id, time.GetUtcNow() + options.LeaseDuration, cancellationToken))
                    {
                        return;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A lease lasts three renewals: one missed on a busy or restarting database is made up at the next tick.
                    LogRenewFailed(logger, id, exception);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Queue poll failed; trying again at the next poll")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Took back {Count} queue jobs whose server stopped while running them")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Queue job {JobId} failed unexpectedly")]
    private static partial void LogJobCrashed(ILogger logger, Guid jobId, Exception exception);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Queue job {JobId} was no longer processing when its attempt ended (its lease ran out); its result was not stored")]
    private static partial void LogLostJob(ILogger logger, Guid jobId);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning, Message = "Renewing the lease of queue job {JobId} failed")]
    private static partial void LogRenewFailed(ILogger logger, Guid jobId, Exception exception);
}

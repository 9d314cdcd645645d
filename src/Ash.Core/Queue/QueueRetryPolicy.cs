namespace Ash.Core.Queue;

/// <summary>
/// What one attempt makes of a job. <c>maxRetries</c> counts retries, as its name says: a job runs at most
/// 1 + maxRetries times (Ash fails it after maxRetries attempts in all). A job that could not start for want
/// of a sandbox is not charged an attempt.
/// </summary>
public static class QueueRetryPolicy
{
    /// <summary>The job after an attempt: completed, back to pending with its backoff, or failed for good.</summary>
    public static QueueItem Apply(QueueItem job, QueueAttempt attempt, DateTimeOffset now, QueueOptions options)
    {
        var withSession = job with { SessionId = attempt.SessionId ?? job.SessionId, OwnsSession = attempt.SessionId is null ? job.OwnsSession : attempt.OwnsSession };
        switch (attempt.Outcome)
        {
            case QueueAttemptOutcome.Completed:
                return withSession with { Status = QueueStatus.Completed, Error = null, ResultJson = attempt.ResultJson, CompletedAt = now, RetryAfter = null };
            case QueueAttemptOutcome.NoCapacity:
                return withSession with { Status = QueueStatus.Pending, Error = attempt.Error, RetryAfter = now + options.PollInterval };
        }

        var failures = job.RetryCount + 1;
        if (attempt.Outcome == QueueAttemptOutcome.FailedForGood || failures > job.MaxRetries)
        {
            return withSession with { Status = QueueStatus.Failed, RetryCount = failures, Error = attempt.Error, CompletedAt = now, RetryAfter = null };
        }

        var retryAfter = now + QueueBackoff.After(failures, options.RetryBaseDelay, options.RetryMaxDelay);
        return withSession with { Status = QueueStatus.Pending, RetryCount = failures, Error = attempt.Error, RetryAfter = retryAfter };
    }
}

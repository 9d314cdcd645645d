namespace Ash.Core.Queue;

/// <summary>
/// The queue's table. Every state change is one conditional write, so two processors (two replicas on one
/// database) never take the same job, and a cancel never races a claim.
/// </summary>
public interface IQueueStore
{
    Task InsertAsync(QueueItem item, CancellationToken cancellationToken);

    /// <summary>The tenant's job, or null when it does not exist or belongs to another tenant.</summary>
    Task<QueueItem?> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken);

    Task<QueuePage> ListAsync(string tenantId, QueueQuery query, CancellationToken cancellationToken);

    Task<QueueStats> GetStatsAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Cancels the job if it is still pending; returns the row as it is afterwards (null: not the tenant's).</summary>
    Task<QueueItem?> CancelAsync(string tenantId, Guid id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes one due pending job (retry time reached) and marks it processing with a lease until
    /// <paramref name="leaseUntil"/>: the tenant served longest ago first (so one tenant's backlog cannot starve
    /// another's), then the highest priority, then the oldest. Null when nothing is due.
    /// </summary>
    Task<QueueItem?> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends the lease of a job this processor still holds; false when it is no longer processing.</summary>
    Task<bool> RenewLeaseAsync(Guid id, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records the session an attempt runs in, while it runs.</summary>
    Task SetSessionAsync(Guid id, Guid sessionId, bool ownsSession, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the end of an attempt (completed, failed, or back to pending with its retry time) if the job is
    /// still processing under the same claim (its <see cref="QueueItem.StartedAt"/>); false when it no longer is,
    /// e.g. its lease ran out and another processor took it.
    /// </summary>
    Task<bool> FinishAttemptAsync(QueueItem finished, CancellationToken cancellationToken);

    /// <summary>
    /// Jobs still processing whose lease ran out before <paramref name="now"/> (their server died): each counts as
    /// a failed attempt, so it goes back to pending at once, or to failed once it has used its retries.
    /// Returns how many were released.
    /// </summary>
    Task<int> ReleaseExpiredAsync(DateTimeOffset now, string error, CancellationToken cancellationToken);

    /// <summary>Ends every lease now (a single server starting: whatever it had running died with it).</summary>
    Task ExpireAllLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

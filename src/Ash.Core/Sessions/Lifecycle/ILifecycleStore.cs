namespace Ash.Core.Sessions.Lifecycle;

/// <summary>The persisted progress of lifecycle operations: at most one per session.</summary>
public interface ILifecycleStore
{
    /// <summary>Inserts or replaces the session's progress row.</summary>
    Task SaveAsync(LifecycleProgress progress, CancellationToken cancellationToken);

    Task<LifecycleProgress?> GetAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Every unfinished operation (for recovery at start-up). A store that cannot list (an actor's own state)
    /// answers none and keeps each operation alive with a reminder of its session's actor instead.
    /// </summary>
    Task<IReadOnlyList<LifecycleProgress>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The session's operation ended (completed, or failed for good). The database stores removed its row in
    /// the same transaction as the final status commit (<see cref="SessionCommit.CompletesOperation"/>), so
    /// for them this does nothing; a store apart from the session row removes it here.
    /// </summary>
    Task ClearAsync(Guid sessionId, CancellationToken cancellationToken);
}

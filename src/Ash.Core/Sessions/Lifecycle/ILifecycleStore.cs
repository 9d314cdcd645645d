namespace Ash.Core.Sessions.Lifecycle;

/// <summary>The persisted progress of lifecycle operations: at most one per session.</summary>
public interface ILifecycleStore
{
    /// <summary>Inserts or replaces the session's progress row.</summary>
    Task SaveAsync(LifecycleProgress progress, CancellationToken cancellationToken);

    Task<LifecycleProgress?> GetAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Every unfinished operation (for recovery at start-up).</summary>
    Task<IReadOnlyList<LifecycleProgress>> ListAsync(CancellationToken cancellationToken);
}

namespace Ash.Core.Events;

/// <summary>The durable, append-only per-session event log. An append returns only once it is durable.</summary>
public interface IEventLog
{
    /// <summary>Appends the batch unfenced (<see cref="AppendAsync(IReadOnlyList{SessionEvent}, long?, CancellationToken)"/> with no epoch).</summary>
    Task AppendAsync(IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the batch (one session's events) only while <paramref name="ownerEpoch"/> is still the session's owner
    /// epoch, checked inside the transaction (<see cref="Sessions.ISessionStore.TakeOwnershipAsync"/>); otherwise fails
    /// with <see cref="Sessions.OwnershipLostException"/>, storing nothing. Null appends unfenced.
    /// </summary>
    Task AppendAsync(IReadOnlyList<SessionEvent> batch, long? ownerEpoch, CancellationToken cancellationToken);

    Task<IReadOnlyList<SessionEvent>> ReadAsync(Guid sessionId, long after, int limit, string? type, CancellationToken cancellationToken);

    /// <summary>As <see cref="ReadAsync"/>, only the events of any of <paramref name="types"/> (at least one).</summary>
    Task<IReadOnlyList<SessionEvent>> ReadOfTypesAsync(Guid sessionId, long after, int limit, IReadOnlyList<string> types, CancellationToken cancellationToken);

    /// <summary>The last sequence and the last turn number in the session's log (0 and 0 when empty), in one read.</summary>
    Task<LogPosition> GetPositionAsync(Guid sessionId, CancellationToken cancellationToken);
}

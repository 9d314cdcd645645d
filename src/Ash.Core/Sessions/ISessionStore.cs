using Ash.Core.Events;

namespace Ash.Core.Sessions;

/// <summary>The session records (the read side) and the session actor's transactional state.</summary>
public interface ISessionStore
{
    Task InsertAsync(Session session, CancellationToken cancellationToken);

    Task<Session?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<SessionPage> ListAsync(string tenantId, SessionQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="commit"/> to the session row and appends <paramref name="events"/> to
    /// its event log in one transaction: a status change and its <c>status</c> event, or a turn's
    /// start and its <c>session_start</c>, are durable together or not at all. When
    /// <see cref="SessionCommit.CompletesOperation"/> is set, the session's lifecycle progress row is
    /// removed in the same transaction.
    /// </summary>
    Task CommitAsync(SessionCommit commit, IReadOnlyList<SessionEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the caller the session's owner: a new owner epoch on its row, returned. From then on a fenced write with an
    /// older epoch (<see cref="SessionCommit.OwnerEpoch"/>, <see cref="Events.IEventLog.AppendAsync(IReadOnlyList{Events.SessionEvent}, long?, CancellationToken)"/>)
    /// fails with <see cref="OwnershipLostException"/> inside its transaction, and a write under way when the epoch moved
    /// has committed before it moved. Returns the new epoch with the turn the row says is running (left open by a former
    /// owner); both 0 for an unknown session.
    /// </summary>
    Task<SessionOwnership> TakeOwnershipAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Turns that were running (started, never closed) when the previous server run stopped.</summary>
    Task<IReadOnlyList<OpenTurn>> ListOpenTurnsAsync(CancellationToken cancellationToken);

    /// <summary>The session's turn the row says is running (started, never closed), or 0; 0 for an unknown session.</summary>
    Task<long> GetRunningTurnAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>How many sessions, of every tenant, are in one of <paramref name="statuses"/> (one query, whatever their number).</summary>
    Task<int> CountByStatusAsync(IReadOnlyCollection<SessionStatus> statuses, CancellationToken cancellationToken);

    Task<int> CountByStatusAsync(SessionStatus status, CancellationToken cancellationToken);
}

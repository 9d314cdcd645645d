using Ash.Core.Events;
using Ash.Core.Sessions;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>
/// The real session store, whose inserts the test can hold (<see cref="HoldInserts"/>): a create then waits between
/// taking its sandbox slot and storing its row, as one does behind a busy database.
/// </summary>
public sealed class HoldingSessionStore(ISessionStore inner) : ISessionStore
{
    private TaskCompletionSource? _hold;
    private int _insertsWaiting;

    /// <summary>Inserts waiting for <see cref="ReleaseInserts"/> now.</summary>
    public int InsertsWaiting => Volatile.Read(ref _insertsWaiting);

    /// <summary>From now on an insert waits until <see cref="ReleaseInserts"/>.</summary>
    public void HoldInserts() => Volatile.Write(ref _hold, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ReleaseInserts() => Volatile.Read(ref _hold)?.TrySetResult();

    public async Task InsertAsync(Session session, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _insertsWaiting);
        try
        {
            await (Volatile.Read(ref _hold)?.Task ?? Task.CompletedTask).WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _insertsWaiting);
        }

        await inner.InsertAsync(session, cancellationToken);
    }

    public Task<Session?> GetAsync(Guid id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<SessionPage> ListAsync(string tenantId, SessionQuery query, CancellationToken cancellationToken) => inner.ListAsync(tenantId, query, cancellationToken);

    public Task CommitAsync(SessionCommit commit, IReadOnlyList<SessionEvent> events, CancellationToken cancellationToken) =>
        inner.CommitAsync(commit, events, cancellationToken);

    public Task<SessionOwnership> TakeOwnershipAsync(Guid id, CancellationToken cancellationToken) => inner.TakeOwnershipAsync(id, cancellationToken);

    public Task<IReadOnlyList<OpenTurn>> ListOpenTurnsAsync(CancellationToken cancellationToken) => inner.ListOpenTurnsAsync(cancellationToken);

    public Task<long> GetRunningTurnAsync(Guid id, CancellationToken cancellationToken) => inner.GetRunningTurnAsync(id, cancellationToken);

    public Task<int> CountByStatusAsync(IReadOnlyCollection<SessionStatus> statuses, CancellationToken cancellationToken) =>
        inner.CountByStatusAsync(statuses, cancellationToken);

    public Task<int> CountByStatusAsync(SessionStatus status, CancellationToken cancellationToken) => inner.CountByStatusAsync(status, cancellationToken);
}

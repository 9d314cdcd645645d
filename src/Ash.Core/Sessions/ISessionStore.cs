namespace Ash.Core.Sessions;

public interface ISessionStore
{
    Task InsertAsync(Session session, CancellationToken cancellationToken);

    Task<Session?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task UpdateStatusAsync(Guid id, SessionStatus status, DateTimeOffset lastActiveAt, CancellationToken cancellationToken);

    Task TouchAsync(Guid id, DateTimeOffset lastActiveAt, CancellationToken cancellationToken);

    Task<SessionPage> ListAsync(string tenantId, SessionQuery query, CancellationToken cancellationToken);

    /// <summary>Sessions left in a live status by a previous run of the server (for recovery at start-up).</summary>
    Task<IReadOnlyList<Session>> ListLiveAsync(CancellationToken cancellationToken);

    Task<int> CountByStatusAsync(SessionStatus status, CancellationToken cancellationToken);
}

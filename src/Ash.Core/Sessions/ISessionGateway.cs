using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Actors;

namespace Ash.Core.Sessions;

/// <summary>
/// The session actor's contract: every operation that runs on a session's actor. <see cref="Actors.LocalSessionGateway"/>
/// runs it on this process's actors (the embedded mode, and the distributed mode's sessions role); the distributed
/// mode's api role reaches the process that hosts the actor (Ash.Dapr's <c>DaprSessionGateway</c>), which runs it there
/// exactly as the embedded mode does here. The caller has already checked the tenant (<see cref="SessionService"/>):
/// the session passed in is the caller's own.
/// </summary>
public interface ISessionGateway
{
    /// <param name="sessionId">The new session's id when the caller chose it (a forwarded create): a warm sandbox is then never claimed, as its id is its own.</param>
    Task<Result<Session>> CreateAsync(Guid? sessionId, string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken);

    /// <param name="childSessionId">The child's id when the caller chose it (a forwarded fork).</param>
    Task<Result<Session>> ForkAsync(Guid? childSessionId, Session parent, CancellationToken cancellationToken);

    Task<Result<Session>> ChangeAsync(Session session, SessionChange change, CancellationToken cancellationToken);

    Task<Result<Session>> ConfigureAsync(Session session, SessionConfigChange change, CancellationToken cancellationToken);

    /// <summary>Queues a message; the returned subscription receives exactly that turn's events, woken as <paramref name="wake"/> says.</summary>
    Task<Result<(TurnTicket Ticket, IEventSubscription Subscription)>> SendAsync(
        Session session, TurnInput input, int streamBuffer, SubscriberWake wake, CancellationToken cancellationToken);

    /// <summary>Queues a message for a caller that follows its events elsewhere (through the event bus).</summary>
    Task<Result<TurnTicket>> EnqueueAsync(Session session, TurnInput input, CancellationToken cancellationToken);

    Task<Result<ExecResult>> ExecAsync(Session session, ExecRequest request, CancellationToken cancellationToken);

    /// <summary>Stops the running turn; false when none runs.</summary>
    Task<Result<bool>> InterruptAsync(Session session, CancellationToken cancellationToken);
}

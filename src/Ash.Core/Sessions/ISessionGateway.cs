using Ash.Core.Errors;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Actors;

namespace Ash.Core.Sessions;

/// <summary>
/// Where a session's operations run when this process does not host the session actors (the distributed
/// mode's <c>api</c> role): each call reaches the process that does, which runs it on the session's actor
/// exactly as the embedded mode does here. The caller has already checked the tenant against the read model.
/// </summary>
public interface ISessionGateway
{
    /// <summary>Creates the session under <paramref name="sessionId"/> (chosen by the caller, so it names the actor).</summary>
    Task<Result<Session>> CreateAsync(Guid sessionId, string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken);

    Task<Result<Session>> ForkAsync(Guid childSessionId, string tenantId, Guid parentSessionId, CancellationToken cancellationToken);

    Task<Result<Session>> ChangeAsync(string tenantId, Guid sessionId, SessionChange change, CancellationToken cancellationToken);

    Task<Result<Session>> ConfigureAsync(string tenantId, Guid sessionId, SessionConfigChange change, CancellationToken cancellationToken);

    /// <summary>Queues a message; its events reach this process through the event bus.</summary>
    Task<Result<TurnTicket>> EnqueueAsync(string tenantId, Guid sessionId, TurnInput input, CancellationToken cancellationToken);

    Task<Result<ExecResult>> ExecAsync(string tenantId, Guid sessionId, ExecRequest request, CancellationToken cancellationToken);

    Task<Result<bool>> InterruptAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken);
}

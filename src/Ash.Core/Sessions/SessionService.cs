using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sessions.Actors;

namespace Ash.Core.Sessions;

/// <summary>The session use cases behind the API: tenant checks, then the session's actor.</summary>
public sealed class SessionService
{
    private readonly SessionActors _actors;
    private readonly SessionActorContext _context;

    public SessionService(SessionActors actors, SessionActorContext context)
    {
        _actors = actors;
        _context = context;
    }

    public async Task<Result<Session>> CreateAsync(string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken)
    {
        var agent = await _context.Agents.GetAsync(tenantId, agentName, cancellationToken);
        if (agent is null)
        {
            return AshError.NotFound($"Agent '{agentName}' not found", "agent_not_found");
        }

        var id = Guid.NewGuid();
        var now = _context.Time.GetUtcNow();
        var session = new Session(
            id,
            tenantId,
            agent.Name,
            SandboxId: $"sbx-{id:N}",
            SessionStatus.Active,
            RunnerId: null,
            ParentSessionId: null,
            now,
            now,
            options with { Model = options.Model ?? agent.Model });

        await _context.SandboxHost.PrepareAsync(
            new Sandboxes.SandboxSpec(id, tenantId, agent.Name, agent.Path, agent.Env, session.Options), cancellationToken);
        await _context.Sessions.InsertAsync(session, cancellationToken);

        var actor = await _actors.GetOrActivateAsync(session, cancellationToken);
        await actor.Events.WriteAsync(0, EventTypes.Status, EventData.Status(session.Status.ToWire()), cancellationToken);
        actor.WarmUp();
        return session;
    }

    public async Task<Result<Session>> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var live = _actors.Find(id);
        var session = live?.Session ?? await _context.Sessions.GetAsync(id, cancellationToken);

        // Another tenant's session is "not found", never "forbidden" (API.md).
        return session is null || session.TenantId != tenantId
            ? AshError.NotFound("Session not found", "session_not_found")
            : session;
    }

    public Task<SessionPage> ListAsync(string tenantId, SessionQuery query, CancellationToken cancellationToken) =>
        _context.Sessions.ListAsync(tenantId, query, cancellationToken);

    public async Task<Result<Session>> EndAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        if (found.Value.Status == SessionStatus.Ended)
        {
            return found.Value;
        }

        var actor = await _actors.GetOrActivateAsync(found.Value, cancellationToken);
        await actor.EndAsync(cancellationToken);
        var ended = actor.Session;
        await _actors.DeactivateAsync(id);
        return ended;
    }

    /// <summary>Queues a message; the returned subscription receives exactly that turn's events.</summary>
    public async Task<Result<(TurnTicket Ticket, IEventSubscription Subscription)>> SendAsync(
        string tenantId, Guid id, TurnInput input, int streamBuffer, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (found.Value.Status != SessionStatus.Active)
        {
            return AshError.InvalidState($"Session is {found.Value.Status.ToWire()}");
        }

        var actor = await _actors.GetOrActivateAsync(found.Value, cancellationToken);
        return await actor.EnqueueAsync(input, turn => _context.EventBus.Subscribe(id, streamBuffer, turn), cancellationToken);
    }

    public async Task<Result<bool>> InterruptAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return _actors.Find(id) is { } actor && await actor.InterruptAsync();
    }
}

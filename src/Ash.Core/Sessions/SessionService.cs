using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Actors;
using Ash.Core.Tracing;

namespace Ash.Core.Sessions;

/// <summary>
/// The session use cases behind the API: the tenant check, done once here, then the session's actor through
/// <see cref="ISessionGateway"/>: on this process's actors, or in the process that hosts them (the distributed mode's
/// api role). Reads come from the session rows (or a live actor's copy).
/// </summary>
public sealed class SessionService(SessionActors actors, ISessionStore sessions, IAgentStore agents, ISessionGateway gateway)
{
    public async Task<Result<Session>> CreateAsync(string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken)
    {
        using var span = SessionTracing.Source.StartActivity(SessionTracing.Create);
        var created = await gateway.CreateAsync(null, tenantId, agentName, options, cancellationToken);
        if (created.IsSuccess)
        {
            TraceAttributes.SetSession(span, created.Value.Id, created.Value.TenantId, created.Value.AgentName);
        }
        else
        {
            TraceAttributes.SetFailed(span, created.Error.Code);
        }

        return created;
    }

    /// <summary>
    /// A new session with a copy of the parent's workspace and conversation (the child remembers what
    /// the parent was told) and of its message history. Any parent status will do while its files exist.
    /// </summary>
    public async Task<Result<Session>> ForkAsync(string tenantId, Guid parentId, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, parentId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        return await AgentGoneAsync(found.Value, cancellationToken) is { } gone
            ? gone
            : await gateway.ForkAsync(null, found.Value, cancellationToken);
    }

    public async Task<Result<Session>> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var live = actors.Find(id);
        var session = live?.Session ?? await sessions.GetAsync(id, cancellationToken);

        // Another tenant's session is "not found", never "forbidden" (API.md).
        return session is null || session.TenantId != tenantId
            ? AshError.NotFound("Session not found", "session_not_found")
            : session;
    }

    public Task<SessionPage> ListAsync(string tenantId, SessionQuery query, CancellationToken cancellationToken) =>
        sessions.ListAsync(tenantId, query, cancellationToken);

    public Task<Result<Session>> PauseAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, SessionChange.Pause, cancellationToken);

    /// <summary>Resumes the session on the agent version it was created with; 404 when that agent was deleted since.</summary>
    public async Task<Result<Session>> ResumeAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        // An ended session answers 410 whatever became of its agent.
        return found.Value.Status != SessionStatus.Ended && await AgentGoneAsync(found.Value, cancellationToken) is { } gone
            ? gone
            : await gateway.ChangeAsync(found.Value, SessionChange.Resume, cancellationToken);
    }

    public Task<Result<Session>> StopAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, SessionChange.Stop, cancellationToken);

    public Task<Result<Session>> EndAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, SessionChange.End, cancellationToken);

    public Task<Result<Session>> ChangeAsync(string tenantId, Guid id, SessionChange change, CancellationToken cancellationToken) =>
        OnSessionAsync(tenantId, id, session => gateway.ChangeAsync(session, change, cancellationToken), cancellationToken);

    /// <summary>Changes the session's options; its agent process takes them from the next turn on.</summary>
    public Task<Result<Session>> ConfigureAsync(string tenantId, Guid id, SessionConfigChange change, CancellationToken cancellationToken) =>
        OnSessionAsync(tenantId, id, session => gateway.ConfigureAsync(session, change, cancellationToken), cancellationToken);

    /// <summary>Queues a message; the returned subscription receives exactly that turn's events, woken as <paramref name="wake"/> says.</summary>
    public Task<Result<(TurnTicket Ticket, IEventSubscription Subscription)>> SendAsync(
        string tenantId, Guid id, TurnInput input, int streamBuffer, SubscriberWake wake, CancellationToken cancellationToken) =>
        OnSessionAsync(tenantId, id, session => gateway.SendAsync(session, input, streamBuffer, wake, cancellationToken), cancellationToken);

    /// <summary>Queues a message for a caller that follows its events elsewhere (the bus, the event log).</summary>
    public Task<Result<TurnTicket>> EnqueueAsync(string tenantId, Guid id, TurnInput input, CancellationToken cancellationToken) =>
        OnSessionAsync(tenantId, id, session => gateway.EnqueueAsync(session, input, cancellationToken), cancellationToken);

    public Task<Result<ExecResult>> ExecAsync(string tenantId, Guid id, ExecRequest request, CancellationToken cancellationToken) =>
        OnSessionAsync(tenantId, id, session => gateway.ExecAsync(session, request, cancellationToken), cancellationToken);

    public Task<Result<bool>> InterruptAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        OnSessionAsync(tenantId, id, session => gateway.InterruptAsync(session, cancellationToken), cancellationToken);

    /// <summary>The tenant check, then <paramref name="operation"/> on the caller's own session.</summary>
    private async Task<Result<T>> OnSessionAsync<T>(string tenantId, Guid id, Func<Session, Task<Result<T>>> operation, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        return found.IsSuccess ? await operation(found.Value) : found.Error;
    }

    /// <summary>A 404 when the session's agent (at the session's version) no longer exists: it cannot start again.</summary>
    private async Task<AshError?> AgentGoneAsync(Session session, CancellationToken cancellationToken) =>
        await agents.GetAtVersionAsync(session.TenantId, session.AgentName, session.AgentVersionId, cancellationToken) is null
            ? AshError.NotFound($"Agent '{session.AgentName}' not found: it was deleted, so this session can no longer run", "agent_not_found")
            : null;
}

using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Sessions.Warm;
using Ash.Core.Tracing;

namespace Ash.Core.Sessions;

/// <summary>
/// The session use cases behind the API: tenant checks, then the session's actor — here, or through
/// <see cref="ISessionGateway"/> in the process that hosts the actors (the distributed mode's api role).
/// </summary>
public sealed class SessionService
{
    private readonly SessionActors _actors;
    private readonly SessionActorContext _context;
    private readonly WarmPool _warm;
    private readonly ISessionGateway? _gateway;

    public SessionService(SessionActors actors, SessionActorContext context, WarmPool warm, ISessionGateway? gateway = null)
    {
        _actors = actors;
        _context = context;
        _warm = warm;
        _gateway = gateway;
    }

    /// <param name="sessionId">The new session's id when the caller chose it (a forwarded create); a warm sandbox is then never claimed, as its id is its own.</param>
    public async Task<Result<Session>> CreateAsync(string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken, Guid? sessionId = null)
    {
        using var span = SessionTracing.Source.StartActivity(SessionTracing.Create);
        var created = await CreateCoreAsync(tenantId, agentName, options, sessionId, cancellationToken);
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

    private async Task<Result<Session>> CreateCoreAsync(string tenantId, string agentName, SessionOptions options, Guid? sessionId, CancellationToken cancellationToken)
    {
        if (_gateway is not null)
        {
            return await _gateway.CreateAsync(Guid.NewGuid(), tenantId, agentName, options, cancellationToken);
        }

        var agent = await _context.Agents.GetAsync(tenantId, agentName, cancellationToken);
        if (agent is null)
        {
            return AshError.NotFound($"Agent '{agentName}' not found", "agent_not_found");
        }

        // A session runs the version active now for its whole life; without a prompt of its own it has the version's (Ash's prompt versioning).
        options = options with { Model = options.Model ?? agent.Model, SystemPrompt = options.SystemPrompt ?? agent.SystemPrompt };
        var warm = sessionId is null ? _warm.TryClaim(agent, options) : null;
        if (warm is not null)
        {
            _warm.Replenish(warm.Key);
        }
        else if (!_warm.Knows(agent))
        {
            // After a restart the pool learns the agent's size from its ash.json, once and off the request path.
            _ = Task.Run(() => LearnWarmPoolSize(agent), CancellationToken.None);
        }

        if (warm is null)
        {
            var session = NewSession(tenantId, agent.Name, parentSessionId: null, options, sessionId) with { AgentVersionId = agent.VersionId };
            return await StartNewAsync(session, agent, SessionWorkflows.Create, LifecycleInput.None, cancellationToken);
        }

        var claimed = NewSession(tenantId, agent.Name, parentSessionId: null, options) with { Id = warm.SessionId, SandboxId = $"sbx-{warm.SessionId:N}", AgentVersionId = agent.VersionId };
        return await StartNewAsync(claimed, agent, SessionWorkflows.CreateWarm, LifecycleInput.None, cancellationToken, warm);
    }

    private void LearnWarmPoolSize(Agents.Agent agent)
    {
        var config = Agents.AgentVersionConfig.Of(agent);
        if (config.IsSuccess)
        {
            _warm.Fill(agent, config.Value);
        }
    }

    /// <summary>
    /// A new session with a copy of the parent's workspace and conversation (the child remembers what
    /// the parent was told) and of its message history. Any parent status will do while its files exist.
    /// </summary>
    public async Task<Result<Session>> ForkAsync(string tenantId, Guid parentId, CancellationToken cancellationToken, Guid? childId = null)
    {
        var found = await GetAsync(tenantId, parentId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        if (await AgentGoneAsync(found.Value, cancellationToken) is { } gone)
        {
            return gone;
        }

        if (_gateway is not null)
        {
            return await _gateway.ForkAsync(Guid.NewGuid(), tenantId, parentId, cancellationToken);
        }

        var parent = found.Value;
        if (!await _context.SandboxHost.HasFilesAsync(parent.Id, cancellationToken))
        {
            return AshError.Gone("The session's files were removed after it ended; it can no longer be forked", "session_files_removed");
        }

        var child = NewSession(tenantId, parent.AgentName, parent.Id, parent.Options, childId) with { AgentVersionId = parent.AgentVersionId };
        return await StartNewAsync(child, agent: null, SessionWorkflows.Fork, new LifecycleInput(ParentSessionId: parent.Id), cancellationToken);
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
            : await ChangeAsync(tenantId, id, SessionChange.Resume, cancellationToken);
    }

    /// <summary>A 404 when the session's agent (at the session's version) no longer exists: it cannot start again.</summary>
    private async Task<AshError?> AgentGoneAsync(Session session, CancellationToken cancellationToken) =>
        await _context.Agents.GetAtVersionAsync(session.TenantId, session.AgentName, session.AgentVersionId, cancellationToken) is null
            ? AshError.NotFound($"Agent '{session.AgentName}' not found: it was deleted, so this session can no longer run", "agent_not_found")
            : null;

    public Task<Result<Session>> StopAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, SessionChange.Stop, cancellationToken);

    public Task<Result<Session>> EndAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, id, SessionChange.End, cancellationToken);

    public async Task<Result<Session>> ChangeAsync(string tenantId, Guid id, SessionChange change, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        if (_gateway is not null)
        {
            return await _gateway.ChangeAsync(tenantId, id, change, cancellationToken);
        }

        return await _actors.UseAsync(found.Value, actor => change switch
        {
            SessionChange.Pause => actor.PauseAsync(cancellationToken),
            SessionChange.Resume => actor.ResumeAsync(cancellationToken),
            SessionChange.Stop => actor.StopAsync(cancellationToken),
            _ => actor.EndAsync(cancellationToken),
        }, cancellationToken);
    }

    /// <summary>Changes the session's options; its agent process takes them from the next turn on.</summary>
    public async Task<Result<Session>> ConfigureAsync(string tenantId, Guid id, SessionConfigChange change, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        return _gateway is not null
            ? await _gateway.ConfigureAsync(tenantId, id, change, cancellationToken)
            : await _actors.UseAsync(found.Value, actor => actor.ConfigureAsync(change, cancellationToken), cancellationToken);
    }

    /// <summary>Queues a message; the returned subscription receives exactly that turn's events, woken as <paramref name="wake"/> says.</summary>
    public async Task<Result<(TurnTicket Ticket, IEventSubscription Subscription)>> SendAsync(
        string tenantId, Guid id, TurnInput input, int streamBuffer, SubscriberWake wake, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (_gateway is not null)
        {
            // Subscribed before the turn is queued, so none of its events can pass by; the turn is known after.
            var subscription = new TurnSubscription(_context.EventBus.Subscribe(id, streamBuffer, wake: wake));
            var queued = await _gateway.EnqueueAsync(tenantId, id, input, cancellationToken);
            if (!queued.IsSuccess)
            {
                subscription.Dispose();
                return queued.Error;
            }

            subscription.Turn = queued.Value.Turn;
            return (queued.Value, (IEventSubscription)subscription);
        }

        return await _actors.UseAsync(
            found.Value,
            actor => actor.EnqueueAsync(input, turn => _context.EventBus.Subscribe(id, streamBuffer, turn, wake), cancellationToken),
            cancellationToken);
    }

    /// <summary>Queues a message on the session's actor in this process, for a caller that follows its events elsewhere.</summary>
    public async Task<Result<TurnTicket>> EnqueueHereAsync(string tenantId, Guid id, TurnInput input, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var queued = await _actors.UseAsync(found.Value, actor => actor.EnqueueAsync(input, _ => NoSubscription.Instance, cancellationToken), cancellationToken);
        return queued.IsSuccess ? queued.Value.Ticket : queued.Error;
    }

    public async Task<Result<ExecResult>> ExecAsync(string tenantId, Guid id, ExecRequest request, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return _gateway is not null
            ? await _gateway.ExecAsync(tenantId, id, request, cancellationToken)
            : await _actors.UseAsync(found.Value, actor => actor.ExecAsync(request, cancellationToken), cancellationToken);
    }

    public async Task<Result<bool>> InterruptAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var found = await GetAsync(tenantId, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (_gateway is not null)
        {
            return await _gateway.InterruptAsync(tenantId, id, cancellationToken);
        }

        return _actors.Find(id) is { } actor && await actor.InterruptAsync();
    }

    /// <summary>
    /// Reserves a sandbox slot (503 when every live session is busy, before anything is stored), stores
    /// the session as <c>starting</c>, then runs its first workflow, which ends in <c>active</c>.
    /// </summary>
    /// <param name="agent">The agent as the create read it, handed to the workflow's steps so they need not read it again (null: they read it).</param>
    private async Task<Result<Session>> StartNewAsync(
        Session session, Agents.Agent? agent, LifecycleWorkflow workflow, LifecycleInput input, CancellationToken cancellationToken, WarmSandbox? warm = null)
    {
        var actor = _actors.AddNew(session);
        if (agent is not null)
        {
            actor.CreatedWith(agent);
        }

        var stored = false;
        try
        {
            var slot = await actor.EnsureSandboxSlotAsync(cancellationToken);
            if (!slot.IsSuccess)
            {
                return slot.Error;
            }

            await _context.Sessions.InsertAsync(session, cancellationToken);
            stored = true;
            if (warm is not null)
            {
                actor.Adopt(warm.Process);
                warm = null;
            }

            return await actor.RunNewAsync(workflow, input, cancellationToken);
        }
        finally
        {
            actor.CreateDone();
            if (warm is not null)
            {
                _warm.Return(warm);
            }

            if (stored)
            {
                actor.ReturnLease();
            }
            else
            {
                _context.Slots.Forget(actor);
                await _actors.DiscardAsync(actor);
            }
        }
    }

    private Session NewSession(string tenantId, string agentName, Guid? parentSessionId, SessionOptions options, Guid? sessionId = null)
    {
        var id = sessionId ?? Guid.NewGuid();
        var now = _context.Time.GetUtcNow();
        return new Session(id, tenantId, agentName, SandboxId: $"sbx-{id:N}", SessionStatus.Starting, RunnerId: null, parentSessionId, now, now, options);
    }
}

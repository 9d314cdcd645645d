using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Sessions.Warm;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The session actor's contract (<see cref="ISessionGateway"/>) run on this process's actors: new sessions (from the
/// warm pool when one fits, else started by their first workflow), then each operation on the session's actor.
/// </summary>
public sealed class LocalSessionGateway(SessionActors actors, SessionActorContext context, WarmPool warm) : ISessionGateway
{
    public async Task<Result<Session>> CreateAsync(Guid? sessionId, string tenantId, string agentName, SessionOptions options, CancellationToken cancellationToken)
    {
        var agent = await context.Agents.GetAsync(tenantId, agentName, cancellationToken);
        if (agent is null)
        {
            return AshError.NotFound($"Agent '{agentName}' not found", "agent_not_found");
        }

        // A session runs the version active now for its whole life; without a prompt of its own it has the version's (Ash's prompt versioning).
        options = options with { Model = options.Model ?? agent.Model, SystemPrompt = options.SystemPrompt ?? agent.SystemPrompt };
        var claimed = sessionId is null ? warm.TryClaim(agent, options) : null;
        if (claimed is not null)
        {
            warm.Replenish(claimed.Key);
        }
        else if (!warm.Knows(agent))
        {
            // After a restart the pool learns the agent's size from its ash.json, once and off the request path (on the pool's loop).
            warm.Learn(agent, LearnWarmPoolSize);
        }

        if (claimed is null)
        {
            var session = NewSession(tenantId, agent.Name, parentSessionId: null, options, sessionId) with { AgentVersionId = agent.VersionId };
            return await StartNewAsync(session, agent, SessionWorkflows.Create, LifecycleInput.None, cancellationToken);
        }

        var fromPool = NewSession(tenantId, agent.Name, parentSessionId: null, options, claimed.SessionId) with { AgentVersionId = agent.VersionId };
        return await StartNewAsync(fromPool, agent, SessionWorkflows.CreateWarm, LifecycleInput.None, cancellationToken, claimed);
    }

    /// <summary>
    /// A new session with a copy of the parent's workspace and conversation (the child remembers what
    /// the parent was told) and of its message history. Any parent status will do while its files exist.
    /// </summary>
    public async Task<Result<Session>> ForkAsync(Guid? childSessionId, Session parent, CancellationToken cancellationToken)
    {
        if (!await context.SandboxHost.HasFilesAsync(parent.Id, cancellationToken))
        {
            return AshError.Gone("The session's files were removed after it ended; it can no longer be forked", "session_files_removed");
        }

        var child = NewSession(parent.TenantId, parent.AgentName, parent.Id, parent.Options, childSessionId) with { AgentVersionId = parent.AgentVersionId };
        return await StartNewAsync(child, agent: null, SessionWorkflows.Fork, new LifecycleInput(ParentSessionId: parent.Id), cancellationToken);
    }

    public Task<Result<Session>> ChangeAsync(Session session, SessionChange change, CancellationToken cancellationToken) =>
        actors.UseAsync(session, actor => change switch
        {
            SessionChange.Pause => actor.PauseAsync(cancellationToken),
            SessionChange.Resume => actor.ResumeAsync(cancellationToken),
            SessionChange.Stop => actor.StopAsync(cancellationToken),
            _ => actor.EndAsync(cancellationToken),
        }, cancellationToken);

    public Task<Result<Session>> ConfigureAsync(Session session, SessionConfigChange change, CancellationToken cancellationToken) =>
        actors.UseAsync(session, actor => actor.ConfigureAsync(change, cancellationToken), cancellationToken);

    /// <summary>The subscription is made by the actor as it numbers the turn, so it follows exactly that turn from its first event.</summary>
    public Task<Result<(TurnTicket Ticket, IEventSubscription Subscription)>> SendAsync(
        Session session, TurnInput input, int streamBuffer, SubscriberWake wake, CancellationToken cancellationToken) =>
        actors.UseAsync(
            session,
            actor => actor.EnqueueAsync(input, turn => context.EventBus.Subscribe(session.Id, streamBuffer, turn, wake), cancellationToken),
            cancellationToken);

    public async Task<Result<TurnTicket>> EnqueueAsync(Session session, TurnInput input, CancellationToken cancellationToken)
    {
        var queued = await actors.UseAsync(session, actor => actor.EnqueueAsync(input, _ => NoSubscription.Instance, cancellationToken), cancellationToken);
        return queued.IsSuccess ? queued.Value.Ticket : queued.Error;
    }

    public Task<Result<ExecResult>> ExecAsync(Session session, ExecRequest request, CancellationToken cancellationToken) =>
        actors.UseAsync(session, actor => actor.ExecAsync(request, cancellationToken), cancellationToken);

    /// <summary>Only a live actor can have a turn running: none is activated to find out.</summary>
    public async Task<Result<bool>> InterruptAsync(Session session, CancellationToken cancellationToken) =>
        actors.Find(session.Id) is { } actor && await actor.InterruptAsync();

    private void LearnWarmPoolSize(Agent agent)
    {
        var config = AgentVersionConfig.Of(agent);
        if (config.IsSuccess)
        {
            warm.Fill(agent, config.Value);
        }
    }

    /// <summary>
    /// Reserves a sandbox slot (503 when every live session is busy, before anything is stored), stores
    /// the session as <c>starting</c>, then runs its first workflow, which ends in <c>active</c>.
    /// </summary>
    private async Task<Result<Session>> StartNewAsync(
        Session session, Agent? agent, LifecycleWorkflow workflow, LifecycleInput input, CancellationToken cancellationToken, WarmSandbox? claimed = null)
    {
        var lease = actors.AddNew(session);
        var actor = lease.Actor;
        if (agent is not null)
        {
            // The row just read serves the create's own steps: one agent read per create.
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

            await context.Sessions.InsertAsync(session, cancellationToken);
            stored = true;
            if (claimed is not null)
            {
                actor.Adopt(claimed.Process);
                claimed = null;
            }

            return await actor.RunNewAsync(workflow, input, cancellationToken);
        }
        finally
        {
            actor.CreateDone();
            if (claimed is not null)
            {
                warm.Return(claimed);
            }

            if (stored)
            {
                lease.Return();
            }
            else
            {
                // Disposing the discarded actor gives back the slot it reserved.
                await actors.DiscardAsync(lease);
            }
        }
    }

    private Session NewSession(string tenantId, string agentName, Guid? parentSessionId, SessionOptions options, Guid? sessionId)
    {
        var id = sessionId ?? Guid.NewGuid();
        var now = context.Time.GetUtcNow();
        return new Session(id, tenantId, agentName, SandboxId: $"sbx-{id:N}", SessionStatus.Starting, RunnerId: null, parentSessionId, now, now, options);
    }
}

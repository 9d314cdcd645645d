using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Sessions;

namespace Ash.Core.Queue;

/// <summary>The queue's use cases behind the API: every job is its tenant's only.</summary>
public sealed class QueueService(IQueueStore store, IAgentStore agents, SessionService sessions, QueueWakeup wakeup, TimeProvider time)
{
    public const int MaxPromptLength = 500_000;

    /// <summary>
    /// Checks what Ash does not: the agent exists (404), and a named session is this tenant's, of that agent,
    /// and not ended (400), then stores the job as pending and wakes the processor.
    /// </summary>
    public async Task<Result<QueueItem>> EnqueueAsync(string tenantId, QueueRequest request, CancellationToken cancellationToken)
    {
        var agent = await agents.GetAsync(tenantId, request.AgentName, cancellationToken);
        if (agent is null)
        {
            return AshError.NotFound($"Agent '{request.AgentName}' not found", "agent_not_found");
        }

        if (request.SessionId is { } sessionId)
        {
            var session = await sessions.GetAsync(tenantId, sessionId, cancellationToken);
            if (!session.IsSuccess)
            {
                return AshError.Validation($"Session '{sessionId}' not found", "session_not_found");
            }

            if (session.Value.AgentName != agent.Name)
            {
                return AshError.Validation($"Session '{sessionId}' runs agent '{session.Value.AgentName}', not '{agent.Name}'", "session_agent_mismatch");
            }

            if (session.Value.Status == SessionStatus.Ended)
            {
                return AshError.Validation($"Session '{sessionId}' has ended; a job cannot run in it", "session_ended");
            }
        }

        var item = new QueueItem(
            Guid.NewGuid(), tenantId, request.SessionId, agent.Name, request.Prompt, QueueStatus.Pending,
            request.Priority, RetryCount: 0, request.MaxRetries, Error: null, time.GetUtcNow(), StartedAt: null, CompletedAt: null);
        await store.InsertAsync(item, cancellationToken);
        wakeup.Wake();
        return item;
    }

    public async Task<Result<QueueItem>> GetAsync(string tenantId, Guid id, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, id, cancellationToken) is { } item ? item : NotFound();

    public Task<QueuePage> ListAsync(string tenantId, QueueQuery query, CancellationToken cancellationToken) =>
        store.ListAsync(tenantId, query, cancellationToken);

    public Task<QueueStats> GetStatsAsync(string tenantId, CancellationToken cancellationToken) =>
        store.GetStatsAsync(tenantId, cancellationToken);

    /// <summary>
    /// Cancels a pending job (again: the same answer). A processing job is refused, as Ash does: its turn is
    /// the session's, stopped with the session's interrupt; a finished one has nothing left to cancel.
    /// </summary>
    public async Task<Result<QueueItem>> CancelAsync(string tenantId, Guid id, CancellationToken cancellationToken)
    {
        var item = await store.CancelAsync(tenantId, id, time.GetUtcNow(), cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        return item.Status == QueueStatus.Cancelled
            ? item
            : AshError.Validation($"Only a pending job can be cancelled; this one is {item.Status.ToWire()}", "queue_item_not_pending");
    }

    private static AshError NotFound() => AshError.NotFound("Queue item not found", "queue_item_not_found");
}

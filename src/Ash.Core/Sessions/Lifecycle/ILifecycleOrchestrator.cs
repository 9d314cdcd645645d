namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// How a session's lifecycle operations (create, fork, pause, resume, stop, end, reap: <see cref="SessionWorkflows"/>) are
/// carried out as durable workflows of the steps the session's actor offers (<see cref="ISessionSteps"/>). The actor calls
/// it under its gate, so no two operations of a session run at once; it is called again when the session's lifecycle
/// reminder fires for an operation a crash, a move or a transient failure left unfinished.
/// <see cref="LifecycleRunner"/> (a step machine: progress stored before each step, retries through durable reminders) is
/// the implementation in both modes. A distributed-mode implementation on Dapr Workflow would implement this port in
/// Ash.Dapr, registered by the Dapr roles, without a change to Core (docs/dapr.md says why it is not used yet).
/// </summary>
public interface ILifecycleOrchestrator
{
    /// <summary>Runs <paramref name="workflow"/> from its first step on <paramref name="target"/>.</summary>
    Task<LifecycleOutcome> RunAsync(ISessionSteps target, LifecycleWorkflow workflow, LifecycleInput input, CancellationToken cancellationToken);

    /// <summary>Continues the session's unfinished operation, if it has one, from where it stopped; null when it has none.</summary>
    Task<LifecycleOutcome?> ContinueUnfinishedAsync(ISessionSteps target, CancellationToken cancellationToken);

    /// <summary>The session has an operation left unfinished (a new owner hands it to the lifecycle reminder).</summary>
    Task<bool> HasUnfinishedAsync(Guid sessionId, CancellationToken cancellationToken);
}

namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// The primitive, idempotent actions lifecycle steps are made of. The session actor implements them;
/// running one twice (a retry, or a restarted server continuing an operation) does no harm.
/// </summary>
public interface ISessionSteps
{
    Guid SessionId { get; }

    /// <summary>The session's tenant, for the step's span.</summary>
    string TenantId { get; }

    /// <summary>The session's agent, for the step's span.</summary>
    string AgentName { get; }

    /// <summary>Creates the session's directories with the agent's files, unless they exist.</summary>
    Task PrepareSandboxAsync(CancellationToken cancellationToken);

    /// <summary>Starts the agent process in the background when none is alive and a sandbox slot is free; never waits for it.</summary>
    Task StartProcessAsync(CancellationToken cancellationToken);

    /// <summary>Kills the agent process, if any, and waits until it is gone.</summary>
    Task StopProcessAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Kills the agent process, if any, of a session that is ending, without waiting for it to be gone: nothing runs in the
    /// session's sandbox again, and the release goes on in the background (<see cref="Actors.SandboxReleases"/>). A start
    /// under way is waited for and its process killed.
    /// </summary>
    Task EndProcessAsync(CancellationToken cancellationToken);

    /// <summary>Copies the parent's workspace and conversation into this session's directories.</summary>
    Task CopyFilesFromAsync(Guid parentSessionId, CancellationToken cancellationToken);

    /// <summary>Copies the parent's message history to this session.</summary>
    Task CopyHistoryFromAsync(Guid parentSessionId, CancellationToken cancellationToken);

    /// <summary>Sets the reminder that removes the session's files once the retention period is over.</summary>
    Task ScheduleReapAsync(CancellationToken cancellationToken);

    /// <summary>Removes the session's directories.</summary>
    Task DeleteFilesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Commits the new status with its <c>status</c> event and its <c>lifecycle</c> timeline entry, and
    /// ends the operation, in one transaction.
    /// </summary>
    Task CommitStatusAsync(SessionStatus status, LifecycleAction action, LifecycleInput input, CancellationToken cancellationToken);

    /// <summary>Puts the session in <c>error</c> with an <c>error</c> event naming the failed step, and ends the operation.</summary>
    Task CommitFailureAsync(string step, string error, CancellationToken cancellationToken);
}

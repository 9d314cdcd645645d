namespace Ash.Core.Sandboxes.Logs;

/// <summary>
/// The port to a session's sandbox log on the node that keeps it. The log outlives the sandbox's
/// processes (stop, restart, resume) and goes with the session's files.
/// </summary>
public interface ISandboxLogs
{
    /// <summary>
    /// Up to <paramref name="limit"/> lines with an index above <paramref name="after"/>, oldest first.
    /// A session without a log (never started, files removed) has none; this never fails for that.
    /// </summary>
    Task<IReadOnlyList<SandboxLogEntry>> ReadAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken);
}

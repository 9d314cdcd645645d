using Ash.Core.Sandboxes.Logs;

namespace Ash.Dapr.Sessions;

/// <summary>An api app's sandbox logs: read by the session's actor, from the node that ran it.</summary>
public sealed class DaprSessionLogs(DaprSessionGateway gateway) : ISandboxLogs
{
    public Task<IReadOnlyList<SandboxLogEntry>> ReadAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken) =>
        gateway.ReadLogsAsync(sessionId, after, limit, cancellationToken);
}

using Ash.Core.Errors;
using Ash.Core.Sessions;

namespace Ash.Core.Sandboxes.Logs;

/// <summary>The sandbox-log use case behind the API: the caller's tenant must own the session.</summary>
public sealed class SessionLogs(SessionService sessions, ISandboxLogs logs)
{
    public const int DefaultLimit = 1000;

    public const int MaxLimit = 10_000;

    public async Task<Result<IReadOnlyList<SandboxLogEntry>>> ReadAsync(string tenantId, Guid sessionId, long after, int limit, CancellationToken cancellationToken)
    {
        if (after < -1)
        {
            return AshError.Validation("'after' is a log index: -1 (the default) for every line, or the last index already read");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return AshError.Validation($"'limit' must be from 1 to {MaxLimit}");
        }

        var found = await sessions.GetAsync(tenantId, sessionId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var lines = await logs.ReadAsync(sessionId, after, limit, cancellationToken);
        return lines.ToList();
    }
}

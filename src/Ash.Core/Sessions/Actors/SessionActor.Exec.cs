using Ash.Core.Errors;
using Ash.Core.Sandboxes;

namespace Ash.Core.Sessions.Actors;

/// <summary>Commands run in the session's sandbox beside the agent (the exec API).</summary>
public sealed partial class SessionActor
{
    public const int MaxConcurrentExecs = 4;

    private readonly SemaphoreSlim _execs = new(MaxConcurrentExecs, MaxConcurrentExecs);

    /// <summary>
    /// Runs a command in the live sandbox, starting it first when the session has none, so the command
    /// sees exactly the agent's files and shares its limits. Only for active sessions.
    /// </summary>
    public async Task<Result<ExecResult>> ExecAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        if (NotActive() is { } notActive)
        {
            return notActive;
        }

        if (!await _execs.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            _context.Metrics?.CapacityRefused(SessionMetrics.ExecSlots);
            return AshError.Capacity($"Session already runs {MaxConcurrentExecs} commands; retry when one finishes", TimeSpan.FromSeconds(1));
        }

        try
        {
            if (await ReserveSlotUnlessLiveAsync(cancellationToken) is { } full)
            {
                return full;
            }

            var attempt = await EnsureStarting();
            if (attempt.Process is not { } process)
            {
                return AshError.Unavailable($"The session's sandbox could not start: {attempt.Error}", "sandbox_unavailable");
            }

            Touch(_context.Time.GetUtcNow());
            try
            {
                return await process.ExecAsync(request, cancellationToken);
            }
            catch (InvalidOperationException exception)
            {
                return AshError.Unavailable($"The session's sandbox stopped: {exception.Message}", "sandbox_unavailable");
            }
        }
        finally
        {
            _execs.Release();
        }
    }
}

using Ash.Core.Errors;
using Ash.Core.Sandboxes;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Commands run in a session's sandbox beside the agent (the exec API), at most <see cref="MaxConcurrent"/> at once. The
/// sandbox is started first when the session has none, so a command sees exactly the agent's files and shares its limits.
/// </summary>
internal sealed class SandboxCommands(SessionActorState state, AgentProcess process, TimeProvider time, SessionMetrics? metrics)
{
    public const int MaxConcurrent = 4;

    private readonly SemaphoreSlim _running = new(MaxConcurrent, MaxConcurrent);

    public async Task<Result<ExecResult>> RunAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        if (!await _running.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            metrics?.CapacityRefused(SessionMetrics.ExecSlots);
            return AshError.Capacity($"Session already runs {MaxConcurrent} commands; retry when one finishes", TimeSpan.FromSeconds(1));
        }

        try
        {
            if (await process.ReserveSlotUnlessAliveAsync(cancellationToken) is { } full)
            {
                return full;
            }

            var attempt = await process.EnsureStarted();
            if (attempt.Process is not { } sandbox)
            {
                return AshError.Unavailable($"The session's sandbox could not start: {attempt.Error}", "sandbox_unavailable");
            }

            state.Touch(time.GetUtcNow());
            try
            {
                return await sandbox.ExecAsync(request, cancellationToken);
            }
            catch (InvalidOperationException exception)
            {
                return AshError.Unavailable($"The session's sandbox stopped: {exception.Message}", "sandbox_unavailable");
            }
        }
        finally
        {
            _running.Release();
        }
    }
}

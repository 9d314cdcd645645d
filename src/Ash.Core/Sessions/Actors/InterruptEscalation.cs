using Ash.Core.Sandboxes;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// An agent asked to stop its turn (an interrupt, or a limit reached) is killed when the turn still runs after a grace
/// period. The waits are this part's own: one per turn, and all of them awaited when the actor is disposed.
/// </summary>
internal sealed class InterruptEscalation(Guid sessionId, Func<long> runningTurn, TimeProvider time, ILogger logger, CancellationToken lifetime)
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task _escalations = Task.CompletedTask;
    private long _escalatingTurn;

    /// <summary>
    /// Kills the agent if <paramref name="turn"/> is still running after the grace period. Keyed by turn: one still waiting
    /// for an earlier turn (interrupted, then quickly followed by this one) does not stand in for it.
    /// </summary>
    public void Schedule(long turn, ISandboxProcess process)
    {
        lock (_lock)
        {
            if (_escalatingTurn != turn || _escalations.IsCompleted)
            {
                _escalatingTurn = turn;
                _escalations = Task.WhenAll(_escalations, EscalateAsync(turn, process));
            }
        }
    }

    /// <summary>Completes once every scheduled wait has ended (the actor's lifetime cancels those still waiting).</summary>
    public Task WhenDoneAsync()
    {
        lock (_lock)
        {
            return _escalations;
        }
    }

    private async Task EscalateAsync(long turn, ISandboxProcess process)
    {
        try
        {
            await Task.Delay(Grace, time, lifetime);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (runningTurn() == turn)
        {
            SessionLog.InterruptEscalated(logger, sessionId);
            try
            {
                await process.KillAsync();
            }
            catch (Exception exception)
            {
                // Logged now: the escalation is awaited only when the actor is disposed, which a fault kept back would then fail.
                SessionLog.KillFailed(logger, sessionId, exception);
            }
        }
    }
}

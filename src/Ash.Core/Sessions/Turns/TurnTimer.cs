namespace Ash.Core.Sessions.Turns;

/// <summary>
/// A running turn's time limits as the token its waits for output use: cancelled when the wall clock or the
/// silence limit falls due, re-armed each time the agent writes. A timer that fired while output was being
/// handled (the agent was not silent) is armed again rather than taken for a limit.
/// </summary>
public sealed class TurnTimer : IDisposable
{
    private readonly TurnGuard _guard;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private CancellationTokenSource _due;
    private CancellationTokenSource _waiting;

    public TurnTimer(TurnGuard guard, TimeProvider time, CancellationToken stopping)
    {
        _guard = guard;
        _time = time;
        _stopping = stopping;
        (_due, _waiting) = Arm();
    }

    /// <summary>Cancelled when a time limit falls due, or when <c>stopping</c> is.</summary>
    public CancellationToken Token => _waiting.Token;

    /// <summary>The timer, not the caller's stopping token, cancelled <see cref="Token"/>.</summary>
    public bool Fired => _due.IsCancellationRequested && !_stopping.IsCancellationRequested;

    /// <summary>The agent wrote: the silence starts again.</summary>
    public void Heard()
    {
        _guard.Heard();
        if (!_due.IsCancellationRequested)
        {
            _due.CancelAfter(_guard.TimeLeft());
        }
    }

    /// <summary>After <see cref="Fired"/>: true when a limit really is due; otherwise the timer is armed again.</summary>
    public bool FellDue()
    {
        if (_guard.IsDue())
        {
            return true;
        }

        Dispose();
        (_due, _waiting) = Arm();
        return false;
    }

    public void Dispose()
    {
        _waiting.Dispose();
        _due.Dispose();
    }

    private (CancellationTokenSource Due, CancellationTokenSource Waiting) Arm()
    {
        var due = new CancellationTokenSource(_guard.TimeLeft(), _time);
        return (due, CancellationTokenSource.CreateLinkedTokenSource(_stopping, due.Token));
    }
}

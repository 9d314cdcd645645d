using Ash.Core.Reminders;
using Ash.Core.Sessions.Lifecycle;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// When actors move between hosts (Dapr placement: a replica joins, leaves or dies): the actor hands its
/// session off when the runtime deactivates it here, and takes over what a previous host left
/// unfinished when it is activated (<see cref="SessionRuntimeOptions.ActorsMoveBetweenHosts"/>).
/// </summary>
public sealed partial class SessionActor
{
    public const string LeftOpenTurnError = "The turn was interrupted because the server running its session stopped; send the message again";

    private static readonly TimeSpan HandOffWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Takes over from a previous host, right after activation and before anyone can use the actor: a turn
    /// the stored row says is running was that host's (no other activation exists), so it is closed; an
    /// unfinished lifecycle operation is handed to the lifecycle reminder, which continues it.
    /// </summary>
    private async Task TakeOverAsync(CancellationToken cancellationToken)
    {
        var turn = await _context.Sessions.GetRunningTurnAsync(SessionId, cancellationToken);
        if (turn > 0)
        {
            SessionLog.TookOverOpenTurn(_context.Logger, SessionId, turn);
            await FinishTurnAsync(turn, LeftOpenTurnError);
        }

        if (await _context.LifecycleStore.GetAsync(SessionId, cancellationToken) is not null)
        {
            await _context.Reminders.SetAsync(
                new Reminder(SessionReminders.ActorType, SessionId.ToString(), SessionReminders.Lifecycle, _context.Time.GetUtcNow(), null),
                cancellationToken);
        }
    }

    /// <summary>
    /// The runtime moved this actor away (or deactivated it): turns running or queued here end with an
    /// error at once, and once its callers are done (at most <see cref="HandOffWait"/>) the actor is disposed,
    /// which stops the agent process (its files and conversation stay; the next host resumes it).
    /// </summary>
    internal async Task HandOffAsync()
    {
        Volatile.Write(ref _halted, "moved to another server");
        await _lifetime.CancelAsync();
        var deadline = _context.Time.GetUtcNow() + HandOffWait;
        while (Interlocked.CompareExchange(ref _leases, -1, 0) != 0 && _context.Time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _context.Time);
        }

        await DisposeAsync();
    }
}

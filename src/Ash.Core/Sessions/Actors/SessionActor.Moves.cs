using Ash.Core.Reminders;
using Ash.Core.Sessions.Lifecycle;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// When actors move between hosts (Dapr placement: a replica joins, leaves or dies): the actor hands its
/// session off when the runtime deactivates it here, and takes over what a previous host left
/// unfinished when it is activated. The owner epoch on the session's row fences the two: once a new
/// activation has taken it, the previous one can no longer write, whether it knows it has moved or not.
/// </summary>
public sealed partial class SessionActor
{
    public const string LeftOpenTurnError = "The turn was interrupted because the server running its session stopped; send the message again";

    private int _superseded;

    /// <summary>Another activation has taken the session's ownership: this actor's writes fail, and it is going away.</summary>
    public bool IsSuperseded => Volatile.Read(ref _superseded) != 0;

    /// <summary>
    /// A write found a newer owner (this actor's server was cut off while the session moved, or placement ran it twice):
    /// nothing more is written here, turns end, the process is killed (released in the background), and no new caller
    /// gets this actor (<see cref="TryLease"/>): the runtime activates a fresh one, which takes the ownership back only if
    /// the session is used here again.
    /// </summary>
    private void LoseOwnership()
    {
        if (Interlocked.Exchange(ref _superseded, 1) != 0)
        {
            return;
        }

        SessionLog.OwnershipLost(_context.Logger, SessionId);
        HaltUnlessHalted(ActorHalt.TakenOver);
        if (TakeProcessForRelease() is { } process)
        {
            _context.Releases.Track(SessionId, process, _context.Logger);
        }
    }

    /// <summary>
    /// Takes over from a previous owner before anyone else uses the actor: the turn it left open
    /// (<paramref name="leftOpen"/>, 0 for none) is closed at once (its owner can no longer write), and an
    /// unfinished lifecycle operation is handed to the lifecycle reminder, which continues it.
    /// </summary>
    private async Task TakeOverAsync(long leftOpen, CancellationToken cancellationToken)
    {
        if (leftOpen > 0)
        {
            SessionLog.TookOverOpenTurn(_context.Logger, SessionId, leftOpen);
            await FinishTurnAsync(leftOpen, LeftOpenTurnError);
        }

        if (await _context.LifecycleStore.GetAsync(SessionId, cancellationToken) is not null)
        {
            await _context.Reminders.SetAsync(SessionReminders.For(SessionId, SessionReminders.Lifecycle, _context.Time.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>
    /// The runtime moved this actor away (or deactivated it): turns running or queued here end with an
    /// error at once and new ones are refused; once its callers are done (an exec runs to its own timeout)
    /// the actor is disposed, which stops the agent process (its files and conversation stay; the next host
    /// resumes it). An actor the idle sweep retired meanwhile is disposed already.
    /// </summary>
    internal async Task HandOffAsync()
    {
        SetHalt(ActorHalt.MovedAway);
        await _lifetime.CancelAsync();
        while (true)
        {
            // Armed before the count is read (a full fence), so a lease returned after the read completes it.
            var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _leasesReturned, returned);
            var leases = Volatile.Read(ref _leases);
            if (leases < 0)
            {
                return;
            }

            if (leases == 0 && Interlocked.CompareExchange(ref _leases, -1, 0) == 0)
            {
                break;
            }

            await returned.Task;
        }

        await DisposeAsync();
    }

    private bool HasMovedAway => Halt == ActorHalt.MovedAway;
}

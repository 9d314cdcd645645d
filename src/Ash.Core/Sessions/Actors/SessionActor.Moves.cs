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

    private const string MovedAway = "moved to another server";

    /// <summary>
    /// How long a fresh activation waits for the previous host to close the turn it was running: daprd
    /// moves an actor after draining the calls in flight for up to drainOngoingCallTimeout (30 s, sent in
    /// /dapr/config), and the previous host closes the turn as it hands off. Longer means that host is gone.
    /// </summary>
    public static readonly TimeSpan PreviousHostGrace = TimeSpan.FromSeconds(35);

    private static readonly TimeSpan PreviousHostPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Before a fresh activation reads where the event log ends: while the row says a turn runs, its previous
    /// host may still be writing the turn's last events, so wait until that host has closed it, or until
    /// <see cref="PreviousHostGrace"/> says it never will. Two writers of one log would collide on its numbers.
    /// Returns the turn still open then (the previous host's, which is gone), or 0.
    /// </summary>
    private static async Task<long> WaitForPreviousHostAsync(Guid sessionId, SessionActorContext context, CancellationToken cancellationToken)
    {
        var deadline = context.Time.GetUtcNow() + PreviousHostGrace;
        while (true)
        {
            var turn = await context.Sessions.GetRunningTurnAsync(sessionId, cancellationToken);
            if (turn == 0 || context.Time.GetUtcNow() >= deadline)
            {
                return turn;
            }

            await Task.Delay(PreviousHostPoll, context.Time, cancellationToken);
        }
    }

    /// <summary>
    /// Takes over from a previous host before anyone else uses the actor: the turn it left open
    /// (<paramref name="leftOpen"/>, 0 for none) is closed, and an unfinished lifecycle operation is handed to
    /// the lifecycle reminder, which continues it.
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
        Volatile.Write(ref _halted, MovedAway);
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

    private bool HasMovedAway => Volatile.Read(ref _halted) == MovedAway;
}

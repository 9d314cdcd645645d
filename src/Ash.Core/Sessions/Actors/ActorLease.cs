namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The runtime's hold on one activation of a session's actor (<see cref="SessionActors"/>): the callers using it now (each
/// holds a lease, so it is never retired mid-call), its retirement when idle, and its hand-off when the actor runtime moves
/// it away. A retired or handed-off activation takes no lease again: the next caller gets a fresh one.
/// </summary>
public sealed class ActorLease
{
    private int _leases;

    // Set by a hand-off waiting for the leases to be returned; completed when their count next reaches zero.
    private TaskCompletionSource? _returned;

    internal ActorLease(SessionActor actor) => Actor = actor;

    public SessionActor Actor { get; }

    /// <summary>Takes a lease so the actor is not retired meanwhile; false once it has been retired, or superseded.</summary>
    internal bool TryTake()
    {
        while (true)
        {
            var leases = Volatile.Read(ref _leases);
            if (leases < 0 || Actor.IsSuperseded)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _leases, leases + 1, leases) == leases)
            {
                Actor.MarkUsed();
                return true;
            }
        }
    }

    public void Return()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            Volatile.Read(ref _returned)?.TrySetResult();
        }
    }

    /// <summary>Retires the actor when nobody uses it, it has no process and no work, and it has been idle for <paramref name="idleTimeout"/>.</summary>
    internal bool TryRetire(TimeSpan idleTimeout, TimeProvider time)
    {
        // A superseded actor goes as soon as nobody uses it: the session lives on with its new owner.
        var actor = Actor;
        if (!actor.IsSuperseded && (actor.IsBusy || actor.HoldsSandbox || time.GetElapsedTime(actor.LastUsedTicks) < idleTimeout))
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _leases, -1, 0) == 0;
    }

    /// <summary>
    /// The runtime moved the actor away (or deactivated it): turns running or queued here end at once and new ones are
    /// refused; once its callers are done (an exec runs to its own timeout) the actor is disposed, which stops the agent
    /// process (its files and conversation stay; the next host resumes it). An actor retired meanwhile is disposed already.
    /// </summary>
    internal async Task HandOffAsync()
    {
        await Actor.MoveAwayAsync();
        while (true)
        {
            // Armed before the count is read (a full fence), so a lease returned after the read completes it.
            var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _returned, returned);
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

        await Actor.DisposeAsync();
    }
}

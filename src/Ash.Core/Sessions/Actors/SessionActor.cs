using System.Threading.Channels;
using Ash.Core.Events;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// One session, as an actor (DESIGN.md §3–4): it owns the session's agent process, runs its turns one
/// at a time in arrival order, and runs its lifecycle operations as durable step workflows. Turn
/// admission and lifecycle operations take the actor's lock (<see cref="_gate"/>), so they never
/// interleave; the turn loop runs beside them and is stopped through <see cref="_halt"/> (an <see cref="ActorHalt"/>).
/// The actor's files: this one (state, activation, retirement), <c>.Turns</c>, <c>.Process</c>,
/// <c>.Lifecycle</c> and <c>.Moves</c>.
/// </summary>
public sealed partial class SessionActor : IAsyncDisposable
{
    private readonly SessionActorContext _context;
    private readonly SessionEventWriter _events;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Task _loop;

    /// <summary>The owner epoch this activation took (<see cref="ISessionStore.TakeOwnershipAsync"/>); its writes are fenced with it.</summary>
    private readonly long _ownerEpoch;
    private Session _session;
    private int _leases;
    private int _creating;

    // Set by a hand-off waiting for the leases to be returned; completed when their count next reaches zero.
    private TaskCompletionSource? _leasesReturned;
    private long _lastUsedTicks;

    private SessionActor(Session session, SessionActorContext context, LogPosition position, long ownerEpoch)
    {
        _session = session;
        _context = context;
        _lastTurn = position.LastTurn;
        _logBytes = session.LogBytes;
        _ownerEpoch = ownerEpoch;
        _events = new SessionEventWriter(
            session.Id, session.TenantId, position.LastSequence, context.EventLog, context.Sessions, context.EventBus, context.Time, context.Metrics, ownerEpoch, LoseOwnership);
        _lastUsedTicks = context.Time.GetTimestamp();
        _loop = Task.Run(RunLoopAsync);
    }

    public Guid SessionId => _session.Id;

    public Session Session => Volatile.Read(ref _session);

    /// <summary>
    /// Its create (or fork) is under way (<see cref="CreateDone"/> not called yet): it holds a slot for a session whose row
    /// may not even be stored, so it is never stopped to make room for another (<see cref="SandboxSlots.ClaimIdleVictim"/>).
    /// </summary>
    public bool IsBeingCreated => Volatile.Read(ref _creating) != 0;

    public SessionEventWriter Events => _events;

    /// <summary>A turn is running or waiting.</summary>
    public bool IsBusy => Volatile.Read(ref _queued) > 0 || Volatile.Read(ref _runningTurn) != 0;

    /// <summary>This actor holds one of the live-sandbox slots (its process is starting or alive).</summary>
    public bool HoldsSandbox => _context.Slots.Holds(this);

    /// <summary>
    /// Activates the actor of a stored session. It first takes the session's ownership (a new owner epoch): from then on
    /// a former owner's writes fail (on another server after a move, or one cut off by a partition), so what is read next
    /// is final: the row, where the event log ends, and a turn the former owner left open, which is closed at once
    /// (<c>.Moves</c>).
    /// </summary>
    public static async Task<SessionActor> ActivateAsync(Session session, SessionActorContext context, CancellationToken cancellationToken)
    {
        var ownership = await context.Sessions.TakeOwnershipAsync(session.Id, cancellationToken);
        var current = await context.Sessions.GetAsync(session.Id, cancellationToken) ?? session;
        var position = await context.EventLog.GetPositionAsync(session.Id, cancellationToken);
        var actor = new SessionActor(current, context, position, ownership.Epoch);
        try
        {
            await actor.TakeOverAsync(ownership.RunningTurn, cancellationToken);
        }
        catch (Exception)
        {
            await actor.DisposeAsync();
            throw;
        }

        return actor;
    }

    /// <summary>The actor of a session being created now: its log is empty, nothing to read; it owns the new row's first epoch.</summary>
    public static SessionActor ForNewSession(Session session, SessionActorContext context) =>
        new(session, context, default, SessionOwnership.FirstEpoch) { _creating = 1 };

    /// <summary>Marks the actor in use so it is not retired meanwhile; false once it has been retired.</summary>
    internal bool TryLease()
    {
        while (true)
        {
            var leases = Volatile.Read(ref _leases);
            if (leases < 0 || IsSuperseded)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _leases, leases + 1, leases) == leases)
            {
                Volatile.Write(ref _lastUsedTicks, _context.Time.GetTimestamp());
                return true;
            }
        }
    }

    internal void ReturnLease()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            Volatile.Read(ref _leasesReturned)?.TrySetResult();
        }
    }

    /// <summary>Retires the actor when nobody uses it, it has no process and no work, and it has been idle long enough.</summary>
    internal bool TryRetire()
    {
        // A superseded actor goes as soon as nobody uses it: the session lives on with its new owner.
        if (!IsSuperseded && (IsBusy || HoldsSandbox || _context.Time.GetElapsedTime(Volatile.Read(ref _lastUsedTicks)) < _context.Options.ActorIdleTimeout))
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _leases, -1, 0) == 0;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _lifetime.CancelAsync();
        await KillProcessAsync();
        await _loop;
        await _interruptEscalation;
        await _slotReturns;
        _lifetime.Dispose();
        _gate.Dispose();
    }

    private void Touch(DateTimeOffset now)
    {
        Volatile.Write(ref _session, Session with { LastActiveAt = now });
        Volatile.Write(ref _lastUsedTicks, _context.Time.GetTimestamp());
    }
}

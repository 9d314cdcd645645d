namespace Ash.Core.Sessions.Actors;

/// <summary>
/// What every part of a session actor reads: the session as last committed, why turns may not run now (the halt), and
/// when the session was last active. Written by the actor's lifecycle steps and its turns, which never run a write of
/// the same field at once (the session under the actor's gate, the activity from either: the latest wins).
/// </summary>
internal sealed class SessionActorState(Session session, TimeProvider time)
{
    private Session _session = session;
    private int _halt;
    private long _lastUsedTicks = time.GetTimestamp();

    public Guid SessionId { get; } = session.Id;

    public Session Session => Volatile.Read(ref _session);

    /// <summary>Why turns may not run now; <see cref="ActorHalt.None"/> while they may.</summary>
    public ActorHalt Halt => (ActorHalt)Volatile.Read(ref _halt);

    /// <summary>The runtime moved the actor away: its session lives on elsewhere, and nothing more is accepted here.</summary>
    public bool HasMovedAway => Halt == ActorHalt.MovedAway;

    /// <summary>When the actor was last used (<see cref="TimeProvider.GetTimestamp"/>): a turn, a command, a lease.</summary>
    public long LastUsedTicks => Volatile.Read(ref _lastUsedTicks);

    public void Set(Session session) => Volatile.Write(ref _session, session);

    public void SetHalt(ActorHalt halt) => Volatile.Write(ref _halt, (int)halt);

    /// <summary>Halts turns for <paramref name="halt"/> unless they are halted already (the first reason stays).</summary>
    public void HaltUnlessHalted(ActorHalt halt) => Interlocked.CompareExchange(ref _halt, (int)halt, (int)ActorHalt.None);

    /// <summary>The session was active at <paramref name="now"/>.</summary>
    public void Touch(DateTimeOffset now)
    {
        Set(Session with { LastActiveAt = now });
        MarkUsed();
    }

    public void MarkUsed() => Volatile.Write(ref _lastUsedTicks, time.GetTimestamp());
}

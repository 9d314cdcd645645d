namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The live-sandbox budget (<see cref="SessionRuntimeOptions.MaxLiveSandboxes"/>). An actor takes a slot
/// before its process starts and gives it back when the process is gone. Each take hands out a
/// token, so the exit of an old process never releases the slot of its successor.
/// </summary>
public sealed class SandboxSlots
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SessionActor, object> _holders = [];
    private readonly HashSet<SessionActor> _evicting = [];

    public SandboxSlots(int capacity) => Capacity = capacity;

    public int Capacity { get; }

    public int InUse
    {
        get
        {
            lock (_lock)
            {
                return _holders.Count;
            }
        }
    }

    /// <summary>Counts the holders by what they do now (for <c>/health</c>'s pool).</summary>
    public SlotCensus Census()
    {
        int starting = 0, waiting = 0, running = 0;
        lock (_lock)
        {
            foreach (var holder in _holders.Keys)
            {
                if (holder.IsBusy)
                {
                    running++;
                }
                else if (holder.HasLiveProcess)
                {
                    waiting++;
                }
                else
                {
                    starting++;
                }
            }
        }

        return new SlotCensus(starting, waiting, running);
    }

    public bool Holds(SessionActor actor)
    {
        lock (_lock)
        {
            return _holders.ContainsKey(actor);
        }
    }

    /// <summary>The actor's token: the one it holds, or a new one when a slot is free; null when full.</summary>
    public object? TryTake(SessionActor actor)
    {
        lock (_lock)
        {
            if (_holders.TryGetValue(actor, out var held))
            {
                return held;
            }

            if (_holders.Count >= Capacity)
            {
                return null;
            }

            var token = new object();
            _holders.Add(actor, token);
            return token;
        }
    }

    public void Release(SessionActor actor, object token)
    {
        lock (_lock)
        {
            if (_holders.TryGetValue(actor, out var held) && ReferenceEquals(held, token))
            {
                _holders.Remove(actor);
            }
        }
    }

    /// <summary>Gives back whatever slot the actor holds (its process is known to be gone).</summary>
    public void Forget(SessionActor actor)
    {
        lock (_lock)
        {
            _holders.Remove(actor);
        }
    }

    /// <summary>
    /// Picks the least recently active holder with no turn running or queued and no create under way, and marks it so nobody
    /// else picks it. A session being created is not idle: stopping it could even run before its row is stored, and the
    /// stop's commit then failed the other create with an internal error.
    /// </summary>
    public SessionActor? ClaimIdleVictim(SessionActor requester)
    {
        lock (_lock)
        {
            SessionActor? victim = null;
            foreach (var holder in _holders.Keys)
            {
                if (holder == requester || holder.IsBusy || holder.IsBeingCreated || _evicting.Contains(holder))
                {
                    continue;
                }

                if (victim is null || holder.Session.LastActiveAt < victim.Session.LastActiveAt)
                {
                    victim = holder;
                }
            }

            if (victim is not null)
            {
                _evicting.Add(victim);
            }

            return victim;
        }
    }

    public void Unclaim(SessionActor victim)
    {
        lock (_lock)
        {
            _evicting.Remove(victim);
        }
    }
}

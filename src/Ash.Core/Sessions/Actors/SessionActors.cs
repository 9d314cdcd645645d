using System.Collections.Concurrent;
using Ash.Core.Reminders;
using Ash.Core.Sessions.Lifecycle;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The in-process actor runtime for sessions: at most one live <see cref="SessionActor"/> per session,
/// activated on first use, used under a lease so it is never retired mid-call, and retired when idle
/// (<see cref="RetireIdleAsync"/>). It also receives the session reminders. (The distributed mode
/// hosts the same actor through Dapr placement.)
/// </summary>
public sealed class SessionActors : IReminderReceiver, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<ActorLease>>> _actors = new();
    private readonly SessionActorContext _context;
    private readonly SessionActorServices _services;

    public SessionActors(SessionActorContext context)
    {
        _context = context;
        _services = SessionActorServices.From(context);
    }

    public string ActorType => SessionReminders.ActorType;

    public int ActiveCount => _actors.Count;

    public SandboxSlots Slots => _context.Slots;

    public ResumeCounters Resumes => _context.Resumes;

    /// <summary>
    /// Runs <paramref name="action"/> on the session's actor, activating it if needed. An actor another activation has
    /// taken the session from (<see cref="SessionActor.IsSuperseded"/>) is let go, and the action runs once more on a
    /// fresh one, which takes the ownership back (its failed write stored nothing).
    /// </summary>
    public async Task<T> UseAsync<T>(Session session, Func<SessionActor, Task<T>> action, CancellationToken cancellationToken)
    {
        var takenBack = false;
        while (true)
        {
            var lease = await GetOrActivateAsync(session, cancellationToken);
            if (!lease.TryTake())
            {
                // Retired between lookup and lease, or superseded: drop the stale entry and activate a fresh actor.
                await LetGoAsync(session.Id, lease);
                continue;
            }

            try
            {
                return await action(lease.Actor);
            }
            catch (OwnershipLostException) when (!takenBack)
            {
                takenBack = true;
            }
            finally
            {
                lease.Return();
            }

            await LetGoAsync(session.Id, lease);
        }
    }

    /// <summary>Drops the actor's entry; a superseded actor is handed off once its callers are done.</summary>
    private async Task LetGoAsync(Guid sessionId, ActorLease lease)
    {
        RemoveEntry(sessionId, lease);
        if (lease.Actor.IsSuperseded)
        {
            await lease.HandOffAsync();
        }
    }

    /// <summary>
    /// Registers the actor of a session being created, leased for the caller (who returns the lease). Its log is empty,
    /// nothing to read; it owns the new row's first epoch.
    /// </summary>
    public ActorLease AddNew(Session session)
    {
        var lease = new ActorLease(new SessionActor(session, default, SessionOwnership.FirstEpoch, _services, creating: true));
        lease.TryTake();
        if (!_actors.TryAdd(session.Id, new Lazy<Task<ActorLease>>(Task.FromResult(lease))))
        {
            throw new InvalidOperationException($"Session {session.Id} already has an actor");
        }

        return lease;
    }

    /// <summary>Drops the actor of a session whose creation failed.</summary>
    public async Task DiscardAsync(ActorLease lease)
    {
        lease.Return();
        RemoveEntry(lease.Actor.SessionId, lease);
        await lease.Actor.DisposeAsync();
    }

    public SessionActor? Find(Guid sessionId) =>
        _actors.TryGetValue(sessionId, out var entry) && entry.Value.IsCompletedSuccessfully ? entry.Value.Result.Actor : null;

    public async Task ReceiveAsync(Reminder reminder, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(reminder.ActorId, out var sessionId))
        {
            return;
        }

        var session = Find(sessionId)?.Session ?? await _context.Sessions.GetAsync(sessionId, cancellationToken);
        if (session is null)
        {
            return;
        }

        await UseAsync(session, async actor =>
        {
            await actor.ReceiveReminderAsync(reminder.Name, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// The actor runtime deactivated the session's actor here (Dapr: idle, or moved to another host): the
    /// actor hands its session off (<see cref="ActorLease.HandOffAsync"/>); the next use activates a
    /// fresh one, here or wherever the session now lives. False when it was not active here.
    /// </summary>
    public async Task<bool> HandOffAsync(Guid sessionId)
    {
        if (!_actors.TryRemove(sessionId, out var entry))
        {
            return false;
        }

        ActorLease lease;
        try
        {
            lease = await entry.Value;
        }
        catch (Exception)
        {
            // Its activation failed: there is nothing to hand off.
            return false;
        }

        await lease.HandOffAsync();
        return true;
    }

    /// <summary>Retires actors with no process, no work and no recent use. Returns how many.</summary>
    public async Task<int> RetireIdleAsync()
    {
        var retired = 0;
        foreach (var (sessionId, entry) in _actors)
        {
            if (entry.Value is { IsCompletedSuccessfully: true } task && task.Result.TryRetire(_context.Options.ActorIdleTimeout, _context.Time))
            {
                RemoveEntry(sessionId, task.Result);
                await task.Result.Actor.DisposeAsync();
                retired++;
            }
        }

        return retired;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sessionId in _actors.Keys)
        {
            if (_actors.TryRemove(sessionId, out var entry) && entry.Value is { IsCompletedSuccessfully: true } task)
            {
                await task.Result.Actor.DisposeAsync();
            }
        }

        await _context.Releases.WhenAllReleasedAsync();
    }

    private async Task<ActorLease> GetOrActivateAsync(Session session, CancellationToken cancellationToken)
    {
        var entry = _actors.GetOrAdd(session.Id, _ => new Lazy<Task<ActorLease>>(
            () => ActivateAsync(session, CancellationToken.None)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            _actors.TryRemove(new KeyValuePair<Guid, Lazy<Task<ActorLease>>>(session.Id, entry));
            throw;
        }
    }

    /// <summary>
    /// Activates the actor of a stored session. It first takes the session's ownership (a new owner epoch): from then on
    /// a former owner's writes fail (on another server after a move, or one cut off by a partition), so what is read next
    /// is final: the row, where the event log ends, and a turn the former owner left open, which is closed at once.
    /// </summary>
    private async Task<ActorLease> ActivateAsync(Session session, CancellationToken cancellationToken)
    {
        var ownership = await _context.Sessions.TakeOwnershipAsync(session.Id, cancellationToken);
        var current = await _context.Sessions.GetAsync(session.Id, cancellationToken) ?? session;
        var position = await _context.EventLog.GetPositionAsync(session.Id, cancellationToken);
        var actor = new SessionActor(current, position, ownership.Epoch, _services);
        try
        {
            await actor.TakeOverAsync(ownership.RunningTurn, cancellationToken);
        }
        catch (Exception)
        {
            await actor.DisposeAsync();
            throw;
        }

        return new ActorLease(actor);
    }

    private void RemoveEntry(Guid sessionId, ActorLease lease)
    {
        if (_actors.TryGetValue(sessionId, out var entry) && entry.Value is { IsCompletedSuccessfully: true } task && task.Result == lease)
        {
            _actors.TryRemove(new KeyValuePair<Guid, Lazy<Task<ActorLease>>>(sessionId, entry));
        }
    }
}

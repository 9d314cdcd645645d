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
    private readonly ConcurrentDictionary<Guid, Lazy<Task<SessionActor>>> _actors = new();
    private readonly SessionActorContext _context;

    public SessionActors(SessionActorContext context) => _context = context;

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
            var actor = await GetOrActivateAsync(session, cancellationToken);
            if (!actor.TryLease())
            {
                // Retired between lookup and lease, or superseded: drop the stale entry and activate a fresh actor.
                await LetGoAsync(session.Id, actor);
                continue;
            }

            try
            {
                return await action(actor);
            }
            catch (OwnershipLostException) when (!takenBack)
            {
                takenBack = true;
            }
            finally
            {
                actor.ReturnLease();
            }

            await LetGoAsync(session.Id, actor);
        }
    }

    /// <summary>Drops the actor's entry; a superseded actor is handed off once its callers are done.</summary>
    private async Task LetGoAsync(Guid sessionId, SessionActor actor)
    {
        RemoveEntry(sessionId, actor);
        if (actor.IsSuperseded)
        {
            await actor.HandOffAsync();
        }
    }

    /// <summary>Registers the actor of a session being created, leased for the caller (who returns the lease).</summary>
    public SessionActor AddNew(Session session)
    {
        var actor = SessionActor.ForNewSession(session, _context);
        actor.TryLease();
        if (!_actors.TryAdd(session.Id, new Lazy<Task<SessionActor>>(Task.FromResult(actor))))
        {
            throw new InvalidOperationException($"Session {session.Id} already has an actor");
        }

        return actor;
    }

    /// <summary>Drops the actor of a session whose creation failed.</summary>
    public async Task DiscardAsync(SessionActor actor)
    {
        actor.ReturnLease();
        RemoveEntry(actor.SessionId, actor);
        await actor.DisposeAsync();
    }

    public SessionActor? Find(Guid sessionId) =>
        _actors.TryGetValue(sessionId, out var entry) && entry.Value.IsCompletedSuccessfully ? entry.Value.Result : null;

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
    /// actor hands its session off (<see cref="SessionActor.HandOffAsync"/>); the next use activates a
    /// fresh one, here or wherever the session now lives. False when it was not active here.
    /// </summary>
    public async Task<bool> HandOffAsync(Guid sessionId)
    {
        if (!_actors.TryRemove(sessionId, out var entry))
        {
            return false;
        }

        SessionActor actor;
        try
        {
            actor = await entry.Value;
        }
        catch (Exception)
        {
            // Its activation failed: there is nothing to hand off.
            return false;
        }

        await actor.HandOffAsync();
        return true;
    }

    /// <summary>Retires actors with no process, no work and no recent use. Returns how many.</summary>
    public async Task<int> RetireIdleAsync()
    {
        var retired = 0;
        foreach (var (sessionId, entry) in _actors)
        {
            if (entry.Value is { IsCompletedSuccessfully: true } task && task.Result.TryRetire())
            {
                RemoveEntry(sessionId, task.Result);
                await task.Result.DisposeAsync();
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
                await task.Result.DisposeAsync();
            }
        }

        await _context.Releases.WhenAllReleasedAsync();
    }

    private async Task<SessionActor> GetOrActivateAsync(Session session, CancellationToken cancellationToken)
    {
        var entry = _actors.GetOrAdd(session.Id, _ => new Lazy<Task<SessionActor>>(
            () => SessionActor.ActivateAsync(session, _context, CancellationToken.None)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            _actors.TryRemove(new KeyValuePair<Guid, Lazy<Task<SessionActor>>>(session.Id, entry));
            throw;
        }
    }

    private void RemoveEntry(Guid sessionId, SessionActor actor)
    {
        if (_actors.TryGetValue(sessionId, out var entry) && entry.Value is { IsCompletedSuccessfully: true } task && task.Result == actor)
        {
            _actors.TryRemove(new KeyValuePair<Guid, Lazy<Task<SessionActor>>>(sessionId, entry));
        }
    }
}

using System.Collections.Concurrent;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The in-process actor runtime for sessions: at most one live <see cref="SessionActor"/> per session,
/// activated on first use. (The distributed mode hosts the same actor through Dapr placement.)
/// </summary>
public sealed class SessionActors : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<SessionActor>>> _actors = new();
    private readonly SessionActorContext _context;

    public SessionActors(SessionActorContext context) => _context = context;

    public int ActiveCount => _actors.Count;

    public int LiveProcessCount
    {
        get
        {
            var count = 0;
            foreach (var entry in _actors.Values)
            {
                if (entry.Value is { IsCompletedSuccessfully: true } task && task.Result.HasLiveProcess)
                {
                    count++;
                }
            }

            return count;
        }
    }

    public async Task<SessionActor> GetOrActivateAsync(Session session, CancellationToken cancellationToken)
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

    public SessionActor? Find(Guid sessionId) =>
        _actors.TryGetValue(sessionId, out var entry) && entry.Value.IsCompletedSuccessfully ? entry.Value.Result : null;

    /// <summary>Deactivates a session's actor after it ended.</summary>
    public async Task DeactivateAsync(Guid sessionId)
    {
        if (_actors.TryRemove(sessionId, out var entry))
        {
            var actor = await entry.Value;
            await actor.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sessionId in _actors.Keys)
        {
            await DeactivateAsync(sessionId);
        }
    }
}

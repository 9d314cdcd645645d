namespace Ash.Core.Sessions;

/// <summary>
/// A write by a session's former owner: another activation of the session (on another server, after a move or a
/// partition) has taken a newer owner epoch on its row since (<see cref="ISessionStore.TakeOwnershipAsync"/>). The write
/// is refused inside its transaction, so nothing of it is stored; the writer must stop.
/// </summary>
public sealed class OwnershipLostException(Guid sessionId, long epoch)
    : Exception($"Session {sessionId} is owned by a newer activation than this one (epoch {epoch})")
{
    public Guid SessionId { get; } = sessionId;

    public long Epoch { get; } = epoch;
}

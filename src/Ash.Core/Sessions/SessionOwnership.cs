namespace Ash.Core.Sessions;

/// <summary>
/// What taking a session's ownership returns (<see cref="ISessionStore.TakeOwnershipAsync"/>): the new owner epoch, and
/// the turn the row says is running, which a former owner left open (0 for none).
/// </summary>
public readonly record struct SessionOwnership(long Epoch, long RunningTurn)
{
    /// <summary>The epoch of a new session's row, owned by the actor that created it.</summary>
    public const long FirstEpoch = 0;
}

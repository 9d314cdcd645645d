namespace Ash.Core.Sessions;

/// <summary>
/// A change to one session's row, committed together with events (see <see cref="ISessionStore.CommitAsync"/>).
/// Null members leave the stored value as it is.
/// </summary>
public sealed record SessionCommit(Guid SessionId, DateTimeOffset LastActiveAt)
{
    public SessionStatus? Status { get; init; }

    /// <summary>The turn now running (set at its start), or 0 once it is closed.</summary>
    public long? RunningTurn { get; init; }

    /// <summary>Agent output the committed turn added to the session's event log (added to its count, never replacing it).</summary>
    public long AddedLogBytes { get; init; }

    /// <summary>The session's options, replaced (<c>PATCH /api/sessions/:id/config</c>).</summary>
    public SessionOptions? Options { get; init; }

    /// <summary>
    /// The owner epoch the writer holds (<see cref="ISessionStore.TakeOwnershipAsync"/>): the commit fails with
    /// <see cref="OwnershipLostException"/>, storing nothing, when the row has a newer one. Null commits unfenced.
    /// </summary>
    public long? OwnerEpoch { get; init; }

    /// <summary>The lifecycle operation in progress ends with this commit: its progress row is deleted.</summary>
    public bool CompletesOperation { get; init; }
}

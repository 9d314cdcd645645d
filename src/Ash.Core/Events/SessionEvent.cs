namespace Ash.Core.Events;

/// <summary>
/// One event of a session's log. <see cref="Sequence"/> is per session, gap-free and increasing;
/// <see cref="Turn"/> is the turn it belongs to (0 for events outside any turn, e.g. status changes).
/// <see cref="Data"/> is one-line JSON or null.
/// </summary>
public sealed record SessionEvent(
    Guid SessionId,
    string TenantId,
    long Sequence,
    long Turn,
    string Type,
    string? Data,
    DateTimeOffset CreatedAt)
{
    /// <summary>Stored without its data, which the log rebuilds from the next event, the raw message it was derived from (<see cref="PendingEvent.DataInNextEvent"/>).</summary>
    public bool DataInNextEvent { get; init; }
}

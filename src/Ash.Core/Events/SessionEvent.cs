using System.Text;

namespace Ash.Core.Events;

/// <summary>
/// One event of a session's log. <see cref="Sequence"/> is per session, gap-free and increasing;
/// <see cref="Turn"/> is the turn it belongs to (0 for events outside any turn, e.g. status changes).
/// <see cref="Data"/> is one-line JSON as UTF-8, or null: the same bytes go to the log, the bus and the SSE
/// frame (issue 14), so they are never changed once the event is made.
/// </summary>
public sealed record SessionEvent(
    Guid SessionId,
    string TenantId,
    long Sequence,
    long Turn,
    string Type,
    byte[]? Data,
    DateTimeOffset CreatedAt)
{
    /// <summary>Stored without its data, which the log rebuilds from the next event, the raw message it was derived from (<see cref="PendingEvent.DataInNextEvent"/>).</summary>
    public bool DataInNextEvent { get; init; }

    /// <summary>The data as text, decoded on each call: for the paths that hand it on as a JSON string (the REST lists).</summary>
    public string? DataText => Data is null ? null : Encoding.UTF8.GetString(Data);

    /// <summary>Equal when every field is, the data compared by its bytes (an array alone would compare by reference).</summary>
    public bool Equals(SessionEvent? other) =>
        other is not null
        && SessionId == other.SessionId
        && Sequence == other.Sequence
        && Turn == other.Turn
        && CreatedAt == other.CreatedAt
        && DataInNextEvent == other.DataInNextEvent
        && string.Equals(TenantId, other.TenantId, StringComparison.Ordinal)
        && string.Equals(Type, other.Type, StringComparison.Ordinal)
        && (Data is null ? other.Data is null : other.Data is not null && Data.AsSpan().SequenceEqual(other.Data));

    public override int GetHashCode() => HashCode.Combine(SessionId, Sequence, Turn, Type);
}

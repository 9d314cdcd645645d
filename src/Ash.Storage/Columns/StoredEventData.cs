using Ash.Core.Events;

namespace Ash.Storage.Columns;

/// <summary>
/// An event's data as the log keeps it. A partial-message delta is stored without its data, which is part of
/// the raw <c>message</c> stored right after it (<see cref="SessionEvent.DataInNextEvent"/>); reads join each
/// such row with the next and rebuild its data exactly as the translator first made it.
/// </summary>
internal static class StoredEventData
{
    /// <summary>Joins every event row (alias <c>e</c>) to the raw message that follows a data-less one (alias <c>n</c>).</summary>
    public const string NextEventJoin = "LEFT JOIN events n ON e.data IS NULL AND n.session_id = e.session_id AND n.sequence = e.sequence + 1";

    public static byte[]? Of(SessionEvent sessionEvent) => sessionEvent.DataInNextEvent ? null : sessionEvent.Data;

    public static byte[]? Restore(byte[]? stored, byte[]? next) =>
        stored ?? (next is null ? null : StreamJsonTranslator.DerivedDeltaData(next));
}

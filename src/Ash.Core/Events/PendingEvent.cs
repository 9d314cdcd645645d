namespace Ash.Core.Events;

/// <summary>An event before it has a sequence number. <see cref="Data"/> is one-line JSON as UTF-8, or null; never changed once made.</summary>
public readonly record struct PendingEvent(string Type, byte[]? Data)
{
    /// <summary>
    /// The data is derived from the raw <c>message</c> event right after this one (a partial-message delta), so
    /// the log stores it once, there, and rebuilds this event's data when it is read (issue 12: deltas were
    /// stored twice). Live subscribers get the data as it is.
    /// </summary>
    public bool DataInNextEvent { get; init; }
}

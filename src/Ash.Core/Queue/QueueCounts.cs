namespace Ash.Core.Queue;

/// <summary>Builds <see cref="QueueStats"/> from counts keyed by wire status (a status with no jobs has no row).</summary>
public static class QueueCounts
{
    public static QueueStats ToStats(IReadOnlyDictionary<string, long> counts) => new(
        Count(counts, QueueStatus.Pending),
        Count(counts, QueueStatus.Processing),
        Count(counts, QueueStatus.Completed),
        Count(counts, QueueStatus.Failed),
        Count(counts, QueueStatus.Cancelled));

    private static long Count(IReadOnlyDictionary<string, long> counts, QueueStatus status) =>
        counts.TryGetValue(status.ToWire(), out var count) ? count : 0;
}

namespace Ash.Core.Queue;

/// <summary>How many of a tenant's jobs are in each status.</summary>
public sealed record QueueStats(long Pending, long Processing, long Completed, long Failed, long Cancelled);

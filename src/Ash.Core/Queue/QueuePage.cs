namespace Ash.Core.Queue;

/// <summary>One page of a tenant's jobs, newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record QueuePage(IReadOnlyList<QueueItem> Items, string? NextCursor);

/// <summary>A list request: an optional status, a page size and the cursor of the previous page.</summary>
public sealed record QueueQuery(QueueStatus? Status, int Limit, string? Cursor);

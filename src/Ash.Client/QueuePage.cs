namespace Ash.Client;

/// <summary>One page of <see cref="AshClient.ListQueueItemsAsync"/> results.</summary>
/// <param name="Items">Jobs on this page, newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to fetch the next page; <see langword="null"/> on the last page.</param>
public sealed record QueuePage(IReadOnlyList<QueueItem> Items, string? NextCursor);

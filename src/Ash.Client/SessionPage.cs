namespace Ash.Client;

/// <summary>One page of <see cref="AshClient.ListSessionsAsync"/> results.</summary>
/// <param name="Sessions">Sessions on this page, newest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to fetch the next page; <see langword="null"/> on the last page.</param>
public sealed record SessionPage(IReadOnlyList<Session> Sessions, string? NextCursor);

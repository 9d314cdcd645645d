namespace Ash.Client;

/// <summary>One regular file in a session's workspace.</summary>
/// <param name="Path">Path relative to the workspace, with <c>/</c> separators.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="ModifiedAt">When the file last changed.</param>
public sealed record WorkspaceFile(string Path, long Size, DateTimeOffset ModifiedAt);

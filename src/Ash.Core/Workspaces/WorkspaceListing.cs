namespace Ash.Core.Workspaces;

/// <summary>A workspace's regular files; <see cref="Truncated"/> when it held more than <see cref="WorkspaceLimits.MaxListedFiles"/>.</summary>
public sealed record WorkspaceListing(IReadOnlyList<WorkspaceFileInfo> Files, bool Truncated);

/// <summary>One regular file: its path relative to the workspace (with '/'), size in bytes, last change.</summary>
public sealed record WorkspaceFileInfo(string Path, long Size, DateTimeOffset ModifiedAt);

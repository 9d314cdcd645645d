namespace Ash.Client;

/// <summary>The answer of <see cref="AshClient.ListFilesAsync"/>.</summary>
/// <param name="Files">The workspace's regular files, sorted by path. Links are not listed.</param>
/// <param name="Source">Where the files were read: <c>sandbox</c> (the session's live workspace).</param>
/// <param name="Truncated">True when the workspace held more files than one listing returns.</param>
public sealed record WorkspaceListing(IReadOnlyList<WorkspaceFile> Files, string Source, bool Truncated = false);

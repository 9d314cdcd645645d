namespace Ash.Core.Workspaces;

/// <summary>An opened workspace, ready to be written as a tar.gz. Disposing it releases the workspace handle.</summary>
public interface IWorkspaceArchive : IAsyncDisposable
{
    /// <summary>
    /// Streams the tree as a gzip-compressed tar: directories, regular files and links (stored as links,
    /// never followed). Entries that change kind or vanish while it runs are left out.
    /// </summary>
    Task WriteTarGzAsync(Stream destination, CancellationToken cancellationToken);
}

using Ash.Core.Errors;

namespace Ash.Core.Workspaces;

/// <summary>
/// The port to a session's workspace files on the node that holds them. Every path is relative to the
/// workspace and is resolved without following any symbolic link (the agent controls the tree, and may
/// change it between two calls). A missing workspace is <c>workspace_not_found</c>.
/// </summary>
public interface IWorkspaceFiles
{
    /// <summary>The regular files of the workspace, recursively; links are listed as nothing and never followed.</summary>
    Task<Result<WorkspaceListing>> ListAsync(Guid sessionId, bool includeHidden, CancellationToken cancellationToken);

    /// <summary>Opens one regular file for reading. The caller disposes the result.</summary>
    Task<Result<WorkspaceFileContent>> OpenReadAsync(Guid sessionId, string path, CancellationToken cancellationToken);

    /// <summary>Writes each file (creating parent directories); one outcome per file, in order.</summary>
    Task<Result<IReadOnlyList<FileWriteOutcome>>> WriteAsync(Guid sessionId, IReadOnlyList<FileUpload> files, CancellationToken cancellationToken);

    /// <summary>Removes a file, a link (never its target) or a directory tree.</summary>
    Task<Result<string>> DeleteAsync(Guid sessionId, string path, CancellationToken cancellationToken);

    /// <summary>Opens the workspace for a tar.gz download; nothing is read until the archive is written.</summary>
    Task<Result<IWorkspaceArchive>> OpenArchiveAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Checks a tar.gz bundle whole, then merges it into the workspace. Returns how many files and links it held.</summary>
    Task<Result<int>> ExtractArchiveAsync(Guid sessionId, Stream bundle, CancellationToken cancellationToken);
}

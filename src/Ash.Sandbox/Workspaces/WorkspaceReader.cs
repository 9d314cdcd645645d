using Ash.Core.Errors;
using Ash.Core.Workspaces;

namespace Ash.Sandbox.Workspaces;

/// <summary>Opens one regular file of a workspace for reading.</summary>
internal static class WorkspaceReader
{
    /// <summary>
    /// Opens <paramref name="path"/> non-blocking (a FIFO then opens at once instead of waiting for a
    /// writer) and keeps it only if the opened descriptor is a regular file. The content's stream owns
    /// <paramref name="lease"/> once this succeeds.
    /// </summary>
    public static Result<WorkspaceFileContent> Open(ConfinedDirectory root, string path, IDisposable? lease = null)
    {
        if (!root.TryOpen(path, FileSystemCalls.ReadOnly | FileSystemCalls.NonBlocking, out var handle, out var errno))
        {
            // A device node cannot even be opened on the session's volume (mounted nodev): say what it is.
            if (errno == FileSystemCalls.EACCES && root.TryOpen(path, FileSystemCalls.PathOnly, out var node, out _))
            {
                using (node)
                {
                    if (FileStatus.Of(node).Kind is not FileKind.Regular and var kind)
                    {
                        return WorkspaceErrors.NotARegularFile(path, kind);
                    }
                }
            }

            throw new WorkspaceIOException(errno, "open", path);
        }

        try
        {
            var status = FileStatus.Of(handle);
            if (status.Kind != FileKind.Regular)
            {
                handle.Dispose();
                return WorkspaceErrors.NotARegularFile(path, status.Kind);
            }

            var content = new FixedLengthFileStream(handle.ToFileHandle(), status.Size, lease);
            return new WorkspaceFileContent(path, status.Size, status.ModifiedAt, content);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}

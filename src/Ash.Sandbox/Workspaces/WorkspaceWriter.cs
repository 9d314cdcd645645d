using System.Security.Cryptography;
using Ash.Core.Errors;
using Ash.Core.Workspaces;

namespace Ash.Sandbox.Workspaces;

/// <summary>Writes and removes workspace files through descriptors, never through a link.</summary>
internal static class WorkspaceWriter
{
    /// <summary>Writes one file, creating its parent directories; a failure is this file's outcome, not the request's.</summary>
    public static FileWriteOutcome Write(ConfinedDirectory root, FileUpload upload)
    {
        try
        {
            var (parentPath, name) = ConfinedDirectory.Split(upload.Path);
            using var parent = parentPath.Length == 0 ? root.OpenDirectory(string.Empty) : root.EnsureDirectory(parentPath);
            WriteFile(root, parent, name, upload.Content.Span);
            return FileWriteOutcome.Success(upload.Path, upload.Content.Length);
        }
        catch (IOException exception)
        {
            return FileWriteOutcome.Failure(upload.Path, WorkspaceErrors.Describe(exception, upload.Path));
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a new file beside the target, then renames it over the target.
    /// The rename replaces whatever non-directory is there (a link is replaced, never written through),
    /// readers never see half a file, and a full disk leaves the old file as it was. An existing
    /// regular file keeps its permission bits (a script stays executable).
    /// </summary>
    public static void WriteFile(ConfinedDirectory root, WorkspaceHandle parent, string name, ReadOnlySpan<byte> content)
    {
        var permissions = Permissions.File;
        if (FileStatus.TryReadAt(parent, name, out var existing, out _))
        {
            if (existing.Kind == FileKind.Directory)
            {
                throw new WorkspaceIOException(FileSystemCalls.EISDIR, "write", name);
            }

            if (existing.Kind == FileKind.Regular)
            {
                permissions = existing.Permissions & Permissions.All;
            }
        }

        var temporary = $".ash-write-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp";
        var handle = ConfinedDirectory.OpenBeneath(
            parent, temporary, FileSystemCalls.WriteOnly | FileSystemCalls.Create | FileSystemCalls.Exclusive, mode: Permissions.OwnerOnlyFile);
        try
        {
            root.GiveToOwner(handle, permissions);
            using (var file = handle.ToFileHandle())
            {
                RandomAccess.Write(file, content, fileOffset: 0);
            }

            if (FileSystemCalls.RenameAt(parent.Descriptor, temporary, parent.Descriptor, name) != 0)
            {
                throw new WorkspaceIOException(FileSystemCalls.LastError, "rename", name);
            }
        }
        catch
        {
            handle.Dispose();
            FileSystemCalls.UnlinkAt(parent.Descriptor, temporary, 0);
            throw;
        }
    }

    /// <summary>Removes a file, a link (not what it points to) or a directory tree.</summary>
    public static Result<string> Delete(ConfinedDirectory root, string path)
    {
        var (parentPath, name) = ConfinedDirectory.Split(path);
        using var parent = root.OpenDirectory(parentPath);
        if (!FileStatus.TryReadAt(parent, name, out var status, out var errno))
        {
            throw new WorkspaceIOException(errno, "stat", path);
        }

        TreeRemover.Remove(parent, name, status.Kind);
        return path;
    }
}

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// Removes a directory tree through descriptors: each level is opened beneath its parent without
/// following links, and a link is removed as a link. An entry the agent swaps mid-way is removed as
/// whatever it is by then, never followed.
/// </summary>
internal static class TreeRemover
{
    /// <summary>Deeper trees are refused: each level holds a descriptor and a stack frame.</summary>
    public const int MaxDepth = 256;

    /// <summary>Removes <paramref name="name"/> (a file, link or directory tree) from <paramref name="parent"/>.</summary>
    public static void Remove(WorkspaceHandle parent, string name, FileKind kind, int depth = 0)
    {
        if (kind == FileKind.Directory)
        {
            if (depth >= MaxDepth)
            {
                throw new WorkspaceIOException(FileSystemCalls.ENAMETOOLONG, "remove (tree too deep)", name);
            }

            if (ConfinedDirectory.TryOpenBeneath(parent, name, FileSystemCalls.ReadOnly | FileSystemCalls.Directory, 0, out var directory, out var errno))
            {
                using (directory)
                {
                    foreach (var entry in DirectoryEntries.Read(directory))
                    {
                        Remove(directory, entry.Name, entry.Kind, depth + 1);
                    }
                }

                Unlink(parent, name, FileSystemCalls.AtRemoveDirectory);
                return;
            }

            if (errno == FileSystemCalls.ENOENT)
            {
                return;
            }

            // No longer a directory (swapped for a link or a file): remove whatever it is now.
        }

        Unlink(parent, name, 0);
    }

    private static void Unlink(WorkspaceHandle parent, string name, int flags)
    {
        if (FileSystemCalls.UnlinkAt(parent.Descriptor, name, flags) == 0)
        {
            return;
        }

        var errno = FileSystemCalls.LastError;
        if (errno != FileSystemCalls.ENOENT)
        {
            throw new WorkspaceIOException(errno, "unlink", name);
        }
    }
}

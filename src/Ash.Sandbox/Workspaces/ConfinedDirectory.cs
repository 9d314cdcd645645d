using System.Diagnostics.CodeAnalysis;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// A directory that every lookup stays beneath: each path is resolved by openat2(2) relative to this
/// directory's descriptor with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
/// RESOLVE_NO_XDEV, so the kernel refuses "..", any symbolic link (also one swapped in between two
/// calls) and any mount crossing. Lexical checks alone cannot do that in a tree the agent controls
/// (sandbox-facts.md §2.4). What it creates is given to the directory's owner, the sandbox uid.
/// </summary>
internal sealed class ConfinedDirectory : IDisposable
{
    private const int AtCurrentDirectory = -100;
    private const int DirectoryFlags = FileSystemCalls.ReadOnly;

    private ConfinedDirectory(WorkspaceHandle handle, uint owner, uint group, ulong device)
    {
        Handle = handle;
        Owner = owner;
        Group = group;
        Device = device;
    }

    public WorkspaceHandle Handle { get; }

    public uint Owner { get; }

    public uint Group { get; }

    public ulong Device { get; }

    /// <summary>Opens a server-side directory (a workspace, a staging directory) by its absolute path; null when it does not exist.</summary>
    public static ConfinedDirectory? OpenRoot(string path)
    {
        // The path is the server's own (the session directory above it is root-owned), but its last
        // component is still not followed if it is a link. O_PATH: the descriptor only anchors lookups.
        if (!TryOpenAt(AtCurrentDirectory, path, FileSystemCalls.PathOnly | FileSystemCalls.Directory, 0, resolve: 0, out var handle, out var errno))
        {
            return errno is FileSystemCalls.ENOENT or FileSystemCalls.ENOTDIR or FileSystemCalls.ELOOP
                ? null
                : throw new WorkspaceIOException(errno, "open", path);
        }

        var status = FileStatus.Of(handle);
        return new ConfinedDirectory(handle, status.Owner, status.Group, status.Device);
    }

    /// <summary>A directory beneath this one (a staging area) whose new entries go to this directory's owner too. Takes over <paramref name="handle"/>.</summary>
    public ConfinedDirectory Adopt(WorkspaceHandle handle) => new(handle, Owner, Group, Device);

    /// <summary>Splits a normalized relative path into its parent directory ("" for this one) and its last name.</summary>
    public static (string Parent, string Name) Split(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? (string.Empty, path) : (path[..slash], path[(slash + 1)..]);
    }

    /// <summary>Opens <paramref name="path"/> (normalized, relative; "" for this directory) beneath <paramref name="directory"/>.</summary>
    public static bool TryOpenBeneath(WorkspaceHandle directory, string path, int flags, uint mode, [NotNullWhen(true)] out WorkspaceHandle? handle, out int errno) =>
        TryOpenAt(directory.Descriptor, path.Length == 0 ? "." : path, flags, mode, FileSystemCalls.ResolveInside, out handle, out errno);

    public static WorkspaceHandle OpenBeneath(WorkspaceHandle directory, string path, int flags, uint mode = 0) =>
        TryOpenBeneath(directory, path, flags, mode, out var handle, out var errno)
            ? handle
            : throw new WorkspaceIOException(errno, "open", path);

    public bool TryOpen(string path, int flags, [NotNullWhen(true)] out WorkspaceHandle? handle, out int errno) =>
        TryOpenBeneath(Handle, path, flags, 0, out handle, out errno);

    public WorkspaceHandle Open(string path, int flags) => OpenBeneath(Handle, path, flags);

    /// <summary>A readable descriptor of the directory at <paramref name="path"/>, usable with the *at calls.</summary>
    public bool TryOpenDirectory(string path, [NotNullWhen(true)] out WorkspaceHandle? handle, out int errno) =>
        TryOpen(path, DirectoryFlags | FileSystemCalls.Directory, out handle, out errno);

    public WorkspaceHandle OpenDirectory(string path) => Open(path, DirectoryFlags | FileSystemCalls.Directory);

    /// <summary>Opens the directory at <paramref name="path"/>, creating each missing level (mkdirat on its parent's descriptor).</summary>
    public WorkspaceHandle EnsureDirectory(string path)
    {
        if (TryOpenDirectory(path, out var found, out var errno))
        {
            return found;
        }

        if (errno != FileSystemCalls.ENOENT)
        {
            throw new WorkspaceIOException(errno, "open", path);
        }

        var current = OpenDirectory(string.Empty);
        try
        {
            foreach (var name in path.Split('/'))
            {
                var next = EnsureChildDirectory(current, name, path);
                current.Dispose();
                current = next;
            }

            return current;
        }
        catch
        {
            current.Dispose();
            throw;
        }
    }

    /// <summary>Makes the owner of this directory own <paramref name="handle"/>, with <paramref name="permissions"/>.</summary>
    public void GiveToOwner(WorkspaceHandle handle, uint permissions)
    {
        if (FileSystemCalls.FChown(handle.Descriptor, Owner, Group) != 0)
        {
            throw new WorkspaceIOException(FileSystemCalls.LastError, "fchown");
        }

        // After fchown: changing the owner clears set-id bits, and the mode must not depend on the umask.
        if (FileSystemCalls.FChmod(handle.Descriptor, permissions) != 0)
        {
            throw new WorkspaceIOException(FileSystemCalls.LastError, "fchmod");
        }
    }

    public void Dispose() => Handle.Dispose();

    private WorkspaceHandle EnsureChildDirectory(WorkspaceHandle parent, string name, string path)
    {
        var directoryFlags = DirectoryFlags | FileSystemCalls.Directory;
        if (TryOpenBeneath(parent, name, directoryFlags, 0, out var existing, out var errno))
        {
            return existing;
        }

        if (errno != FileSystemCalls.ENOENT)
        {
            throw new WorkspaceIOException(errno, "open", path);
        }

        var created = FileSystemCalls.MkdirAt(parent.Descriptor, name, Permissions.OwnerOnlyDirectory) == 0;
        if (!created)
        {
            var mkdirErrno = FileSystemCalls.LastError;
            if (mkdirErrno != FileSystemCalls.EEXIST)
            {
                throw new WorkspaceIOException(mkdirErrno, "mkdir", path);
            }
        }

        // Opened again beneath the parent: if the agent swapped the new directory for a link, this fails.
        var handle = OpenBeneath(parent, name, directoryFlags);
        if (created)
        {
            try
            {
                GiveToOwner(handle, Permissions.Directory);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        return handle;
    }

    private static bool TryOpenAt(int directory, string path, int flags, uint mode, ulong resolve, [NotNullWhen(true)] out WorkspaceHandle? handle, out int errno)
    {
        // Beneath a directory, RESOLVE_NO_SYMLINKS refuses a link in any position, the last one
        // included, with ELOOP. O_NOFOLLOW would turn a last-component link into ENOTDIR or a handle on
        // the link itself, so it is used only for the server's own absolute paths.
        flags |= FileSystemCalls.CloseOnExec | (resolve == 0 ? FileSystemCalls.NoFollow : 0);

        // EAGAIN: the kernel saw a concurrent rename it could not rule out; the call may simply be retried.
        for (var attempt = 0; ; attempt++)
        {
            var descriptor = FileSystemCalls.OpenAt2(directory, path, flags, mode, resolve);
            if (descriptor >= 0)
            {
                handle = new WorkspaceHandle(descriptor);
                errno = 0;
                return true;
            }

            errno = FileSystemCalls.LastError;
            if (errno is not (FileSystemCalls.EAGAIN or FileSystemCalls.EINTR) || attempt >= 8)
            {
                handle = null;
                return false;
            }
        }
    }
}

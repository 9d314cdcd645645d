namespace Ash.Sandbox.Workspaces;

/// <summary>The kind of a directory entry, from st_mode.</summary>
internal enum FileKind
{
    Other,
    Regular,
    Directory,
    SymbolicLink,
}

/// <summary>What statx(2) says about one entry. statx's layout is the same on every architecture, unlike struct stat.</summary>
/// <param name="Device">The device of the file system holding it: major in the high 32 bits, minor in the low.</param>
/// <param name="IsMountRoot">The root of a mount (STATX_ATTR_MOUNT_ROOT, Linux 5.8).</param>
internal readonly record struct FileStatus(FileKind Kind, uint Permissions, uint Owner, uint Group, long Size, DateTimeOffset ModifiedAt, ulong Device, ulong Inode, bool IsMountRoot)
{
    private const uint BasicStats = 0x7ff; // STATX_BASIC_STATS
    private const int AtCurrentDirectory = -100;
    private const ulong MountRootAttribute = 0x2000; // STATX_ATTR_MOUNT_ROOT
    private static readonly long MinSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1;

    /// <summary>Status of an open descriptor.</summary>
    public static FileStatus Of(WorkspaceHandle handle) =>
        TryRead(handle.Descriptor, string.Empty, FileSystemCalls.AtEmptyPath, out var status, out var errno)
            ? status
            : throw new WorkspaceIOException(errno, "statx");

    /// <summary>Status of <paramref name="name"/> in a directory, not following a link; false with errno when it fails.</summary>
    public static bool TryReadAt(WorkspaceHandle directory, string name, out FileStatus status, out int errno) =>
        TryRead(directory.Descriptor, name, FileSystemCalls.AtSymlinkNoFollow, out status, out errno);

    /// <summary>Status of <paramref name="path"/> (absolute, or relative to the current directory), not following a last link; false with errno when it fails.</summary>
    public static bool TryReadPath(string path, out FileStatus status, out int errno) =>
        TryRead(AtCurrentDirectory, path, FileSystemCalls.AtSymlinkNoFollow, out status, out errno);

    private static unsafe bool TryRead(int directory, string path, int flags, out FileStatus status, out int errno)
    {
        var buffer = stackalloc byte[256];
        if (FileSystemCalls.Statx(directory, path, flags, BasicStats, buffer) != 0)
        {
            errno = FileSystemCalls.LastError;
            status = default;
            return false;
        }

        // struct statx: attributes @8, uid @20, gid @24, mode (u16) @28, ino @32, size @40, attributes_mask @56,
        // mtime {i64 sec, u32 nsec} @112, dev major/minor @136/@140.
        var mode = *(ushort*)(buffer + 28);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
        var seconds = *(long*)(buffer + 112);
        var nanoseconds = *(uint*)(buffer + 120);
        // The agent can set any timestamp (touch -d); clamp what DateTimeOffset cannot hold.
        var modified = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, MinSeconds, MaxSeconds)).AddTicks(nanoseconds % 1_000_000_000 / 100);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        var mountRoot = (*(ulong*)(buffer + 8) & *(ulong*)(buffer + 56) & MountRootAttribute) != 0;
        status = new FileStatus(kind, mode & 0xFFFu, *(uint*)(buffer + 20), *(uint*)(buffer + 24), *(long*)(buffer + 40), modified, device, *(ulong*)(buffer + 32), mountRoot);
        errno = 0;
        return true;
    }
}

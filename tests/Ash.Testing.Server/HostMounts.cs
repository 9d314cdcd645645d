using System.Runtime.InteropServices;
using Ash.Sandbox.Volumes;

namespace Ash.Testing.Server;

/// <summary>
/// The host's mounts below a test's data directory: session volumes. A server removes its own (on delete,
/// when idle, at shutdown); a server killed with SIGKILL cannot, so its test detaches them (issue 12: the
/// suite must leave no mount and no loop device behind).
/// </summary>
public static partial class HostMounts
{
    private const int Detach = 2;

    /// <summary>Mount points strictly below <paramref name="directory"/>, deepest first.</summary>
    public static List<string> Below(string directory) => MountTable.Below(Path.GetFullPath(directory));

    /// <summary>Lazily unmounts everything below <paramref name="directory"/>; returns what was there.</summary>
    public static List<string> DetachBelow(string directory)
    {
        var found = Below(directory);
        foreach (var mountPoint in found)
        {
            Unmount(mountPoint, Detach);
        }

        return found;
    }

    /// <summary>What the kernel reports for a mount point: its options (field 6) and its file system type and source.</summary>
    public static string? Describe(string mountPoint) => MountTable.Describe(mountPoint);

    /// <summary>statvfs of the file system holding <paramref name="path"/>: what the host sees of a session's volume.</summary>
    public static unsafe FileSystemUsage Usage(string path)
    {
        // struct statvfs of 64-bit glibc: bsize, frsize, blocks, bfree, bavail, files, ffree, favail, ...
        var buffer = stackalloc ulong[14];
        if (StatVfs(path, buffer) != 0)
        {
            throw new IOException($"statvfs {path}: errno {Marshal.GetLastPInvokeError()}");
        }

        var fragment = (long)buffer[1];
        return new FileSystemUsage((long)buffer[2] * fragment, ((long)buffer[2] - (long)buffer[3]) * fragment, (long)buffer[4] * fragment, (long)buffer[5], (long)buffer[5] - (long)buffer[6]);
    }

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Unmount(string target, int flags);

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatVfs(string path, ulong* buffer);
}

/// <param name="UsedBytes">Blocks in use, file system metadata included.</param>
/// <param name="AvailableBytes">What an unprivileged writer can still write.</param>
public readonly record struct FileSystemUsage(long SizeBytes, long UsedBytes, long AvailableBytes, long Files, long UsedFiles);

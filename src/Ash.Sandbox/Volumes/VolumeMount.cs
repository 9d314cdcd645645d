using Ash.Sandbox.Directories;
using Ash.Sandbox.Workspaces;

namespace Ash.Sandbox.Volumes;

/// <summary>mount(2) and umount2(2) of a session volume.</summary>
internal static class VolumeMount
{
    /// <summary>
    /// nosuid and nodev (nothing in a volume gains privileges or reaches a device), not noexec (agents run
    /// the scripts they write); noatime (reads write nothing); errors=remount-ro (a damaged file system
    /// stops taking writes rather than spreading damage); noinit_itable (the inode tables of a fresh sparse
    /// image already read as zeros: the kernel must not write, and so allocate, them all).
    /// </summary>
    private const ulong Flags = VolumeCalls.MountNoSuid | VolumeCalls.MountNoDev | VolumeCalls.MountNoAtime;

    private const string Options = "errors=remount-ro,noinit_itable";

    /// <summary>The most mounts stacked at one mount point that an unmount takes off.</summary>
    private const int MaxStacked = 8;

    public static void Mount(string device, string mountPoint)
    {
        if (VolumeCalls.Mount(device, mountPoint, "ext4", Flags, Options) != 0)
        {
            throw new VolumeException($"The volume on {device} cannot be mounted at '{mountPoint}': {VolumeCalls.Describe(FileSystemCalls.LastError)}");
        }

        // The file system's root: the server's, traversable only, so the agent cannot rename what gets bound.
        File.SetUnixFileMode(mountPoint, DirectoryModes.TraverseOnly);
    }

    /// <summary>
    /// Detaches whatever is mounted at <paramref name="mountPoint"/> (MNT_DETACH: a descriptor still open on it
    /// keeps working, and the kernel frees the file system, and with it the autoclear loop device, when the
    /// last one closes). Returns how many mounts came off.
    /// </summary>
    public static int Unmount(string mountPoint)
    {
        var removed = 0;
        while (removed < MaxStacked && MountTable.IsMountRoot(mountPoint))
        {
            if (VolumeCalls.Unmount(mountPoint, VolumeCalls.UnmountDetach | VolumeCalls.UnmountNoFollow) != 0)
            {
                var errno = FileSystemCalls.LastError;
                if (errno is FileSystemCalls.EINVAL or FileSystemCalls.ENOENT)
                {
                    break;
                }

                throw new VolumeException($"'{mountPoint}' cannot be unmounted: {VolumeCalls.Describe(errno)}");
            }

            removed++;
        }

        return removed;
    }
}

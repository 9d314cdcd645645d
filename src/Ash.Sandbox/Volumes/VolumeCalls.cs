using System.Runtime.InteropServices;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// The system calls behind session volumes, which .NET does not expose: loop devices (ioctl), mount(2),
/// umount2(2), statvfs(3), statx(2) for mount roots, lseek(2) for sparse copies and mknod(2). Calling them
/// directly instead of spawning losetup, mount and umount keeps volume set-up to a few syscalls (issue 12).
/// </summary>
internal static unsafe partial class VolumeCalls
{
    public const int ReadWrite = 0x2;
    public const int CloseOnExec = 0x80000;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENXIO = 6;
    public const int EBUSY = 16;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;

    // linux/loop.h
    public const nuint LoopConfigure = 0x4C0A;
    public const nuint LoopControlGetFree = 0x4C82;
    public const uint LoopFlagsAutoclear = 4;

    // linux/mount.h
    public const ulong MountNoSuid = 2;
    public const ulong MountNoDev = 4;
    public const ulong MountNoAtime = 1024;
    public const int UnmountDetach = 2;
    public const int UnmountNoFollow = 8;

    // lseek(2) whence
    public const int SeekData = 3;
    public const int SeekHole = 4;

    /// <summary>struct loop_info64 (linux/loop.h): the same layout on every 64-bit architecture.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LoopInfo
    {
        public ulong Device;
        public ulong Inode;
        public ulong RealDevice;
        public ulong Offset;
        public ulong SizeLimit;
        public uint Number;
        public uint EncryptType;
        public uint EncryptKeySize;
        public uint Flags;
        public fixed byte FileName[64];
        public fixed byte CryptName[64];
        public fixed byte EncryptKey[32];
        public fixed ulong Init[2];
    }

    /// <summary>struct loop_config (LOOP_CONFIGURE, Linux 5.8): attach a file and set its flags in one call.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LoopConfig
    {
        public uint Descriptor;
        public uint BlockSize;
        public LoopInfo Info;
        public fixed ulong Reserved[8];
    }

    /// <summary>struct statvfs of 64-bit glibc (x86-64 and arm64 alike).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct StatVfs
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public ulong AvailableFiles;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
        public fixed int Spare[6];
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int descriptor, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int descriptor, nuint request, LoopConfig* argument);

    [LibraryImport("libc", EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Mount(string source, string target, string fileSystemType, ulong flags, string data);

    /// <summary>rename(2): unlike Directory.Move, it replaces an empty directory at <paramref name="to"/>.</summary>
    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Unmount(string target, int flags);

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int StatVfsOf(string path, StatVfs* buffer);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    public static partial long Seek(int descriptor, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "mknod", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MakeNode(string path, uint mode, ulong device);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial nint StrError(int errno);

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>The C library's text for an errno ("No space left on device"), with its number.</summary>
    public static string Describe(int errno) => $"{Marshal.PtrToStringUTF8(StrError(errno))} (errno {errno})";

    /// <summary>The canonical path (links and "..": resolved), as the kernel reports a loop device's backing file.</summary>
    public static string? Canonical(string path)
    {
        var resolved = RealPath(path, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    /// <summary>True when <paramref name="path"/> is the root of a mount (statx STATX_ATTR_MOUNT_ROOT, Linux 5.8), not following a last link.</summary>
    public static bool IsMountRoot(string path)
    {
        const int AtCurrentDirectory = -100;
        const int AtSymlinkNoFollow = 0x100;
        const ulong MountRoot = 0x2000;
        var buffer = stackalloc byte[256];
        if (Statx(AtCurrentDirectory, path, AtSymlinkNoFollow, 0, buffer) != 0)
        {
            return false;
        }

        // struct statx: stx_attributes @8, stx_attributes_mask @56.
        var attributes = *(ulong*)(buffer + 8);
        var known = *(ulong*)(buffer + 56);
        return (known & MountRoot) != 0 && (attributes & MountRoot) != 0;
    }
}

using System.Runtime.InteropServices;
using Ash.Sandbox.Workspaces;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// The system calls behind session volumes, which .NET does not expose: loop devices (ioctl), mount(2),
/// umount2(2), statvfs(3), lseek(2) for sparse copies and mknod(2). Calling them directly instead of
/// spawning losetup, mount and umount keeps volume set-up to a few syscalls (issue 12). The flags and
/// errno values they share with the workspace's calls are <see cref="FileSystemCalls"/>'.
/// </summary>
internal static unsafe partial class VolumeCalls
{
    /// <summary>O_RDWR | O_CLOEXEC: how every descriptor here is opened.</summary>
    public const int ReadWrite = 0x2 | FileSystemCalls.CloseOnExec;

    public const int EBUSY = 16;

    // linux/loop.h
    public const nuint LoopGetStatus = 0x4C05;
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

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int descriptor, nuint request, nint argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int descriptor, nuint request, LoopConfig* argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int descriptor, nuint request, LoopInfo* argument);

    [LibraryImport("libc", EntryPoint = "mount", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Mount(string source, string target, string fileSystemType, ulong flags, string data);

    /// <summary>rename(2): unlike Directory.Move, it replaces an empty directory at <paramref name="to"/>.</summary>
    [LibraryImport("libc", EntryPoint = "rename", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Rename(string from, string to);

    [LibraryImport("libc", EntryPoint = "umount2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Unmount(string target, int flags);

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int StatVfsOf(string path, StatVfs* buffer);

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
}

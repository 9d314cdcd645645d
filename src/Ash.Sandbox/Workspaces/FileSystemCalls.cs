using System.Runtime.InteropServices;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// The *at(2) family and openat2(2), which .NET does not expose. Every call names its target relative
/// to a directory descriptor, so nothing is looked up again by a path the agent could have changed.
/// </summary>
internal static unsafe partial class FileSystemCalls
{
    // open(2) flags. O_DIRECTORY and O_NOFOLLOW differ between x86-64 and the generic (arm64) ABI.
    public const int ReadOnly = 0x0;
    public const int WriteOnly = 0x1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int Truncate = 0x200;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public const int PathOnly = 0x200000;

    public static readonly int Directory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x4000 : 0x10000;
    public static readonly int NoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x8000 : 0x20000;

    // openat2(2) resolve flags (linux/openat2.h).
    public const ulong ResolveNoCrossDevice = 0x01;
    public const ulong ResolveNoMagicLinks = 0x02;
    public const ulong ResolveNoSymlinks = 0x04;
    public const ulong ResolveBeneath = 0x08;

    /// <summary>What every lookup inside a workspace uses: stay beneath the start, follow no link of any kind, cross no mount.</summary>
    public const ulong ResolveInside = ResolveBeneath | ResolveNoSymlinks | ResolveNoMagicLinks | ResolveNoCrossDevice;

    public const int AtRemoveDirectory = 0x200;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;

    // errno values (asm-generic, shared by x86-64 and arm64).
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int ENAMETOOLONG = 36;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;
    public const int EDQUOT = 122;

    private const long SysOpenat2 = 437; // the same number on every architecture (added after the syscall table unification)

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int directory, byte* path, OpenHow* how, nuint size);

    /// <summary>openat2(2); returns the new descriptor or -1 (errno in <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    public static int OpenAt2(int directory, string path, int flags, uint mode, ulong resolve)
    {
        var how = new OpenHow { Flags = (ulong)(uint)flags, Mode = mode, Resolve = resolve };
        var bytes = NulTerminated(path);
        fixed (byte* pointer = bytes)
        {
            return (int)Syscall(SysOpenat2, directory, pointer, &how, (nuint)sizeof(OpenHow));
        }
    }

    [LibraryImport("libc", EntryPoint = "mkdirat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MkdirAt(int directory, string name, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int UnlinkAt(int directory, string name, int flags);

    [LibraryImport("libc", EntryPoint = "renameat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int RenameAt(int fromDirectory, string fromName, int toDirectory, string toName);

    [LibraryImport("libc", EntryPoint = "symlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int SymlinkAt(string target, int directory, string name);

    [LibraryImport("libc", EntryPoint = "readlinkat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint ReadLinkAt(int directory, string name, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int FChown(int descriptor, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "fchownat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int FChownAt(int directory, string name, uint owner, uint group, int flags);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FChmod(int descriptor, uint mode);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    public static partial nint FdOpenDir(int descriptor);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    public static partial nint ReadDir(nint directory);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(nint directory);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    public static int LastError => Marshal.GetLastPInvokeError();

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}

using System.Runtime.InteropServices;

namespace Ash.Sandbox.Native;

/// <summary>The few libc calls .NET does not expose: ownership without following links, fd flags, signals.</summary>
internal static partial class LibC
{
    public const uint CloseRangeCloexec = 4;

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LChown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "close_range", SetLastError = true)]
    public static partial int CloseRange(uint first, uint last, uint flags);

    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int LStat(string path, byte* buffer);

    /// <summary>
    /// True when <paramref name="path"/> is a regular file (not a link, FIFO, socket or device), from
    /// lstat's st_mode. .NET has no API for the file type; st_mode sits at byte 24 of struct stat on
    /// x86-64 and byte 16 on arm64 (glibc 2.33+ exports lstat).
    /// </summary>
    public static unsafe bool IsRegularFile(string path)
    {
        const uint TypeMask = 0xF000;
        const uint Regular = 0x8000;
        var offset = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 16 : 24;
        var buffer = stackalloc byte[256];
        if (LStat(path, buffer) != 0)
        {
            return false;
        }

        return (*(uint*)(buffer + offset) & TypeMask) == Regular;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}

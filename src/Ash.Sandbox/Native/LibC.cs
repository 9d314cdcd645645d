using System.Runtime.InteropServices;

namespace Ash.Sandbox.Native;

/// <summary>The few libc calls .NET does not expose: ownership without following links, and fd flags.</summary>
internal static partial class LibC
{
    public const uint CloseRangeCloexec = 4;

    [LibraryImport("libc", EntryPoint = "lchown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int LChown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "close_range", SetLastError = true)]
    public static partial int CloseRange(uint first, uint last, uint flags);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}

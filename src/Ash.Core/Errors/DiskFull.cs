namespace Ash.Core.Errors;

/// <summary>Recognises an out-of-space failure (ENOSPC, or EDQUOT for a quota) in .NET's file I/O, which puts errno in HResult.</summary>
public static class DiskFull
{
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;

    public static bool Is(IOException exception) => exception.HResult is NoSpace or QuotaExceeded;
}

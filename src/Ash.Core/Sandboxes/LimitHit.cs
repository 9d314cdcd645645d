namespace Ash.Core.Sandboxes;

/// <summary>
/// A limit the kernel enforced inside a sandbox, read from its counters (never guessed from an exit
/// code): <c>memory</c> (processes killed by the OOM killer), <c>processes</c> (forks refused at the
/// process limit), <c>disk</c> (the session's volume is full: writes get ENOSPC) or <c>inodes</c> (the
/// volume has no free inode: creating a file gets ENOSPC).
/// </summary>
public sealed record LimitHit(string Resource, long Limit, long Count, string Message)
{
    public const string Memory = "memory";
    public const string Processes = "processes";
    public const string Disk = "disk";
    public const string Inodes = "inodes";
}

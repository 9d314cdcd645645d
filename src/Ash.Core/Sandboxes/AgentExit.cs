namespace Ash.Core.Sandboxes;

/// <summary>
/// How an agent process ended: exit code (or signal), the tail of what it wrote to stderr, and whether
/// the kernel's OOM killer ended it (from the cgroup's counters) or the disk quota did.
/// </summary>
public sealed record AgentExit(int ExitCode, string StderrTail, bool OutOfMemory = false, long MemoryLimitBytes = 0)
{
    /// <summary>The sandbox was stopped because the session's files outgrew its disk quota.</summary>
    public bool DiskQuotaExceeded { get; init; }

    public long DiskQuotaBytes { get; init; }
}

namespace Ash.Core.Sandboxes;

/// <summary>
/// How an agent process ended: exit code (or signal), the tail of what it wrote to stderr, and whether
/// the kernel's OOM killer ended it (from the cgroup's counters). A full disk never ends it: the session's
/// volume answers ENOSPC and the agent carries on (issue 12).
/// </summary>
public sealed record AgentExit(int ExitCode, string StderrTail, bool OutOfMemory = false, long MemoryLimitBytes = 0);

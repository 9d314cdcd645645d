namespace Ash.Core.Sessions.Capacity;

/// <summary>
/// What this machine has left for live sandboxes, read once at start-up (issue 14). Null where a figure is
/// unknown (the file to read it from is missing): it then limits nothing.
/// </summary>
/// <param name="MemoryBytes">Memory the sandboxes can use: MemAvailable, or less when the server's own cgroup has a lower limit.</param>
/// <param name="Tasks">Processes and threads the kernel can still create (pid_max or threads-max, less those that exist).</param>
/// <param name="Descriptors">Files the server can still open (its RLIMIT_NOFILE, less those open).</param>
/// <param name="Uids">Host uids handed to sandboxes, one each (<c>Ash:Sandbox:UidCount</c>).</param>
public sealed record HostRoom(long? MemoryBytes, long? Tasks, long? Descriptors, long? Uids);

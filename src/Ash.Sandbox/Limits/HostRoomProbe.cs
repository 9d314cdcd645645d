using System.Globalization;
using Ash.Core.Sessions.Capacity;

namespace Ash.Sandbox.Limits;

/// <summary>
/// Reads what this machine has left for live sandboxes (<see cref="HostRoom"/>) from <c>/proc</c> and the server's own
/// memory cgroup (v1 or v2), once at start-up. The soft limit on open files needs no raising here: the .NET runtime
/// raises it to the hard limit when it starts.
/// </summary>
public static class HostRoomProbe
{
    public static HostRoom Read(SandboxOptions options)
    {
        var memory = MemAvailable(ReadOrNull("/proc/meminfo"));
        if (CgroupMemoryRoom(ReadOrNull("/proc/self/cgroup"), options.CgroupRoot, ReadOrNull) is { } cgroupRoom)
        {
            memory = memory is { } available ? Math.Min(available, cgroupRoom) : cgroupRoom;
        }

        long? tasks = null;
        if (Number(ReadOrNull("/proc/sys/kernel/pid_max")) is { } pidMax && Number(ReadOrNull("/proc/sys/kernel/threads-max")) is { } threadsMax
            && ExistingTasks(ReadOrNull("/proc/loadavg")) is { } existing)
        {
            tasks = Math.Max(0, Math.Min(pidMax, threadsMax) - existing);
        }

        long? descriptors = null;
        if (OpenFilesLimit(ReadOrNull("/proc/self/limits")) is { } limit && Directory.Exists("/proc/self/fd"))
        {
            descriptors = Math.Max(0, limit - Directory.GetFiles("/proc/self/fd").Length);
        }

        return new HostRoom(memory, tasks, descriptors, options.UidCount);
    }

    /// <summary>MemAvailable of <c>/proc/meminfo</c>, in bytes.</summary>
    internal static long? MemAvailable(string? meminfo)
    {
        foreach (var line in Lines(meminfo))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal) && Number(line["MemAvailable:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal)) is { } kib)
            {
                return kib * 1024;
            }
        }

        return null;
    }

    /// <summary>
    /// What the server's memory cgroup still allows (its limit less its usage), or null without a limit. v1: the
    /// <c>memory</c> hierarchy's <c>memory.limit_in_bytes</c> (a huge number means none); v2: <c>memory.max</c> (<c>max</c>: none).
    /// </summary>
    /// <param name="procSelfCgroup">The text of <c>/proc/self/cgroup</c>.</param>
    /// <param name="read">Reads a file's text, or null when it cannot.</param>
    internal static long? CgroupMemoryRoom(string? procSelfCgroup, string cgroupRoot, Func<string, string?> read)
    {
        string? v1 = null, v2 = null;
        foreach (var line in Lines(procSelfCgroup))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[1].Split(',').Contains("memory"))
            {
                v1 = parts[2];
            }
            else if (parts[0] == "0" && parts[1].Length == 0)
            {
                v2 = parts[2];
            }
        }

        var (directory, limitFile, usageFile) = v1 is not null
            ? (Path.Join(cgroupRoot, "memory", v1), "memory.limit_in_bytes", "memory.usage_in_bytes")
            : v2 is not null ? (Path.Join(cgroupRoot, v2), "memory.max", "memory.current") : (null, null, null);
        if (directory is null
            || Number(read(Path.Join(directory, limitFile))) is not { } limit
            || limit >= long.MaxValue / 2
            || Number(read(Path.Join(directory, usageFile))) is not { } usage)
        {
            return null;
        }

        return Math.Max(0, limit - usage);
    }

    /// <summary>All tasks on the machine: the denominator of <c>/proc/loadavg</c>'s fourth field (<c>running/total</c>).</summary>
    internal static long? ExistingTasks(string? loadavg)
    {
        var fields = (loadavg ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var slash = fields.Length > 3 ? fields[3].IndexOf('/', StringComparison.Ordinal) : -1;
        return slash < 0 ? null : Number(fields[3][(slash + 1)..]);
    }

    /// <summary>The soft limit on open files in <c>/proc/self/limits</c>, or null when unlimited or unknown.</summary>
    internal static long? OpenFilesLimit(string? limits)
    {
        foreach (var line in Lines(limits))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 ? Number(fields[0]) : null;
            }
        }

        return null;
    }

    private static long? Number(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static string[] Lines(string? text) => (text ?? string.Empty).Split('\n');

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

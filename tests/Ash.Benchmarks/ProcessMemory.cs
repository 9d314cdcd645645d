using System.Globalization;

namespace Ash.Benchmarks;

/// <summary>A process's resident memory, threads and open descriptors (<c>/proc/&lt;pid&gt;/status</c>), and the machine's used memory.</summary>
internal sealed record ProcessMemory(long RssKiB, long AnonKiB, long FileKiB, int Threads, int Descriptors)
{
    public static ProcessMemory Of(int pid)
    {
        var status = Fields($"/proc/{pid}/status");
        return new ProcessMemory(
            status["VmRSS"],
            status["RssAnon"],
            status["RssFile"] + status["RssShmem"],
            (int)status["Threads"],
            Directory.GetFiles($"/proc/{pid}/fd").Length);
    }

    /// <summary>Memory the machine uses (MemTotal − MemAvailable): processes, page tables, the kernel's own, less what it could reclaim.</summary>
    public static long MachineUsedKiB()
    {
        var meminfo = Fields("/proc/meminfo");
        return meminfo["MemTotal"] - meminfo["MemAvailable"];
    }

    /// <summary>Processes and threads on the machine, kernel threads included (<c>/proc/loadavg</c>: running/total).</summary>
    public static long MachineTasks()
    {
        var fields = File.ReadAllText("/proc/loadavg").Split(' ');
        return long.Parse(fields[3][(fields[3].IndexOf('/', StringComparison.Ordinal) + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The numeric fields of a <c>Name:   value [kB]</c> file.</summary>
    private static Dictionary<string, long> Fields(string path)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = colon < 0 ? [] : line[(colon + 1)..].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (value.Length > 0 && long.TryParse(value[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                fields[line[..colon]] = number;
            }
        }

        return fields;
    }
}

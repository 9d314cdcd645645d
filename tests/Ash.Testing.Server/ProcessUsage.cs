using System.Globalization;

namespace Ash.Testing.Server;

/// <summary>
/// CPU time and resident memory of this process from /proc, for the host-side figures of the attack tests.
/// The integration tests run the server in the test process itself (<see cref="TestServer"/>), so "the
/// server" is this process, its test client included. <see cref="JitCpu"/> is .NET's background compiler
/// (the thread ".NET Tiered Com"), which recompiles hot methods for seconds after the first turns whatever
/// the sandboxes do; <see cref="ServerCpu"/> leaves it out.
/// </summary>
public readonly record struct ProcessUsage(TimeSpan Cpu, TimeSpan JitCpu, long RssBytes)
{
    /// <summary>clock ticks per second (sysconf(_SC_CLK_TCK)); 100 on every Linux we run.</summary>
    private const double TicksPerSecond = 100;

    public TimeSpan ServerCpu => Cpu - JitCpu;

    public static ProcessUsage Of()
    {
        // The process's own utime and stime (fields 14 and 15) include threads that have ended since.
        var total = Ticks(File.ReadAllText("/proc/self/stat"));
        long jit = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                if (name.StartsWith(".NET Tiered Com", StringComparison.Ordinal))
                {
                    jit += Ticks(stat);
                }
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        var rss = File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ProcessUsage(TimeSpan.FromSeconds(total / TicksPerSecond), TimeSpan.FromSeconds(jit / TicksPerSecond), kib * 1024);
    }

    /// <summary>utime + stime of a /proc stat line ("pid (comm) state ..."), in clock ticks.</summary>
    private static long Ticks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>The share of one core the server (JIT left out) used between two readings taken <paramref name="elapsed"/> apart.</summary>
    public static double CoreShare(ProcessUsage before, ProcessUsage after, TimeSpan elapsed) =>
        (after.ServerCpu - before.ServerCpu).TotalSeconds / elapsed.TotalSeconds;
}

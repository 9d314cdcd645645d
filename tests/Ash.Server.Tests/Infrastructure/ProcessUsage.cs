using System.Globalization;

namespace Ash.Server.Tests.Infrastructure;

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
        long total = 0;
        long jit = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended while we looked
            }

            // /proc/<pid>/task/<tid>/stat: "tid (comm) state ...": utime and stime are fields 14 and 15.
            var name = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            total += ticks;
            if (name.StartsWith(".NET Tiered Com", StringComparison.Ordinal))
            {
                jit += ticks;
            }
        }

        var rss = File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ProcessUsage(TimeSpan.FromSeconds(total / TicksPerSecond), TimeSpan.FromSeconds(jit / TicksPerSecond), kib * 1024);
    }

    /// <summary>The share of one core the server (JIT left out) used between two readings taken <paramref name="elapsed"/> apart.</summary>
    public static double CoreShare(ProcessUsage before, ProcessUsage after, TimeSpan elapsed) =>
        (after.ServerCpu - before.ServerCpu).TotalSeconds / elapsed.TotalSeconds;
}

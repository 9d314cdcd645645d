using System.Globalization;

namespace Ash.Server.Tests.Infrastructure;

/// <summary>
/// CPU time and resident memory of a process from /proc, for the host-side figures of the attack tests.
/// The integration tests run the server in the test process itself (<see cref="TestServer"/>), so "the
/// server" is this process: its CPU time includes the test's own client, which the figures say.
/// </summary>
public readonly record struct ProcessUsage(TimeSpan Cpu, long RssBytes)
{
    /// <summary>clock ticks per second (sysconf(_SC_CLK_TCK)); 100 on every Linux we run.</summary>
    private const double TicksPerSecond = 100;

    public static ProcessUsage Of(string pid = "self")
    {
        // /proc/<pid>/stat: fields after "comm)" start at state (3); utime and stime are 14 and 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var rss = File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return new ProcessUsage(TimeSpan.FromSeconds(ticks / TicksPerSecond), kib * 1024);
    }

    /// <summary>The share of one core used between two readings taken <paramref name="elapsed"/> apart.</summary>
    public static double CoreShare(ProcessUsage before, ProcessUsage after, TimeSpan elapsed) =>
        (after.Cpu - before.Cpu).TotalSeconds / elapsed.TotalSeconds;
}

using System.Globalization;

namespace Ash.Sandbox.Orphans;

/// <summary>
/// The pid of a sandbox's outermost process and its start time (field 22 of /proc/&lt;pid&gt;/stat), kept
/// in the session's root-owned directory while the process runs. The start time tells a reused pid
/// from the process we started.
/// </summary>
internal readonly record struct ProcessRecord(int Pid, long StartTime)
{
    public static ProcessRecord? ForRunning(int pid) => ProcStat.StartTime(pid) is { } start ? new ProcessRecord(pid, start) : null;

    public void Write(string path) =>
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{Pid} {StartTime}\n"));

    public static ProcessRecord? Read(string path)
    {
        try
        {
            var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? new ProcessRecord(pid, start)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when this very process (same pid, same start time) still exists.</summary>
    public bool IsAlive => ProcStat.StartTime(Pid) == StartTime;
}

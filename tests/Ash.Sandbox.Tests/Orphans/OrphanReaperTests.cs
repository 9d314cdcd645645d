using System.Diagnostics;
using System.Globalization;
using Ash.Sandbox.Orphans;
using Ash.Testing.Common;

namespace Ash.Sandbox.Tests.Orphans;

public sealed class OrphanReaperTests : IDisposable
{
    private readonly string _sandboxes = Path.Combine(Path.GetTempPath(), "ash-reaper-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_sandboxes, recursive: true);

    [Fact]
    public async Task Reap_RecordedProcessStillRunning_KillsItAndItsDescendants()
    {
        using var orphan = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "sleep 300 & sleep 300; wait"]) { UseShellExecute = false })!;
        var sessionDirectory = Directory.CreateDirectory(Path.Combine(_sandboxes, Guid.NewGuid().ToString("D"))).FullName;
        var record = ProcessRecord.ForRunning(orphan.Id);
        Assert.NotNull(record);
        record.Value.Write(Path.Combine(sessionDirectory, "agent.pid"));
        var children = (await ChildrenOfAsync(orphan.Id, expected: 2)).Select(pid => (Pid: pid, Start: ProcStat.StartTime(pid))).ToList();

        var killed = OrphanReaper.Reap(_sandboxes);

        Assert.Equal(1, killed);
        await orphan.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        foreach (var (child, start) in children)
        {
            // SIGKILL lands when the child is next scheduled, and on a busy machine its pid may be reused
            // soon after: wait (bounded) until that very process is gone or a zombie (empty cmdline).
            await Eventually.TrueAsync(() => !IsRunning(child, start), $"descendant {child} to die");
        }

        Assert.False(File.Exists(Path.Combine(sessionDirectory, "agent.pid")));
    }

    [Fact]
    public void Reap_RecordOfAReusedPid_LeavesThatProcessAlone()
    {
        var sessionDirectory = Directory.CreateDirectory(Path.Combine(_sandboxes, Guid.NewGuid().ToString("D"))).FullName;

        // Our own pid with a start time that is not ours: the recorded process is gone and the pid reused.
        new ProcessRecord(Environment.ProcessId, 1).Write(Path.Combine(sessionDirectory, "agent.pid"));

        Assert.Equal(0, OrphanReaper.Reap(_sandboxes));
    }

    private static bool IsRunning(int pid, long? start)
    {
        try
        {
            return ProcStat.StartTime(pid) == start && File.ReadAllText($"/proc/{pid}/cmdline").Length > 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task<List<int>> ChildrenOfAsync(int parent, int expected)
    {
        List<int> children = [];
        await Eventually.TrueAsync(
            () =>
            {
                children = Directory.EnumerateDirectories("/proc")
                    .Select(Path.GetFileName)
                    .Where(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
                    .Where(pid => ProcStat.ParentPid(pid) == parent)
                    .ToList();
                return children.Count >= expected;
            },
            $"process {parent} to have {expected} children");
        return children;
    }
}

using System.Globalization;
using Ash.Sandbox.Native;

namespace Ash.Sandbox.Orphans;

/// <summary>
/// Kills what a crashed server left running: for every session directory with a process record whose
/// process still exists, the process and all its descendants get SIGKILL. (bwrap's --die-with-parent
/// usually takes them down already; this covers the cases it does not, e.g. a process reparented
/// before the parent died.)
/// </summary>
internal static class OrphanReaper
{
    public static int Reap(string sandboxesDirectory)
    {
        if (!Directory.Exists(sandboxesDirectory))
        {
            return 0;
        }

        var killed = 0;
        foreach (var sessionDirectory in Directory.EnumerateDirectories(sandboxesDirectory))
        {
            var recordPath = Path.Combine(sessionDirectory, "agent.pid");
            if (ProcessRecord.Read(recordPath) is { } record && record.IsAlive)
            {
                foreach (var pid in WithDescendants(record.Pid))
                {
                    LibC.Kill(pid, LibC.SigKill);
                }

                killed++;
            }

            File.Delete(recordPath);
        }

        return killed;
    }

    private static List<int> WithDescendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ProcStat.ParentPid(pid) is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var all = new List<int> { root };
        for (var i = 0; i < all.Count; i++)
        {
            if (children.TryGetValue(all[i], out var list))
            {
                all.AddRange(list);
            }
        }

        return all;
    }
}

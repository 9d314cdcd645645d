using System.Globalization;

namespace Ash.Testing.Server;

/// <summary>
/// Reads, from the host, which cgroups a sandbox process is in and what limits they hold — the
/// kernel's view, independent of what the server believes it configured.
/// </summary>
public sealed class SandboxCgroups
{
    private readonly Dictionary<string, string> _paths;

    private SandboxCgroups(Dictionary<string, string> paths) => _paths = paths;

    /// <summary>Controller ("memory", "pids", "cpu", or "" for v2) → absolute cgroup directory of the process.</summary>
    public IReadOnlyDictionary<string, string> Paths => _paths;

    public bool IsV2 => !_paths.ContainsKey("memory");

    public static SandboxCgroups Of(int pid)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cgroup"))
        {
            var parts = line.Split(':', 3);
            foreach (var controller in parts[1].Split(','))
            {
                var mount = parts[1].Length == 0 ? "/sys/fs/cgroup" : $"/sys/fs/cgroup/{parts[1]}";
                if (controller is "" or "memory" or "pids" or "cpu")
                {
                    paths[controller] = mount + parts[2];
                }
            }
        }

        if (paths.ContainsKey("memory"))
        {
            paths.Remove(string.Empty);
        }

        return new SandboxCgroups(paths);
    }

    /// <summary>
    /// The cgroups of a process that is still running once they were read; null when it has exited meanwhile (a gone
    /// or zombie task reads as the root cgroup, whatever it was in while it ran).
    /// </summary>
    public static SandboxCgroups? OfRunning(int pid)
    {
        try
        {
            var cgroups = Of(pid);
            var state = StatFields(File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"))[0];
            return state is "Z" or "X" ? null : cgroups;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public string Leaf(string controller) => IsV2 ? _paths[string.Empty] : _paths[controller];

    public long MemoryLimit => Read(IsV2 ? "memory.max" : "memory.limit_in_bytes", "memory");

    public long ProcessLimit => Read("pids.max", "pids");

    /// <summary>CPU quota per 100 ms period, in microseconds.</summary>
    public long CpuQuota => IsV2
        ? long.Parse(File.ReadAllText(Path.Combine(Leaf("cpu"), "cpu.max")).Split(' ')[0], CultureInfo.InvariantCulture)
        : Read("cpu.cfs_quota_us", "cpu");

    public long Read(string file, string controller) =>
        long.Parse(File.ReadAllText(Path.Combine(Leaf(controller), file)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Every live process whose parent chain leads to <paramref name="root"/>, the root included.</summary>
    public static IReadOnlyList<int> TreeOf(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                parents[pid] = int.Parse(StatFields(File.ReadAllText(Path.Combine(directory, "stat")))[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    // The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses): state, ppid, …
    private static string[] StatFields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}

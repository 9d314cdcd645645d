using System.Security.Cryptography;
using System.Text;

namespace Ash.Sandbox.Limits.Cgroups;

/// <summary>
/// Finds a cgroup hierarchy that can limit memory, processes and CPU (sandbox-facts.md §3.1):
/// unified v2 when <c>/sys/fs/cgroup/cgroup.controllers</c> offers all three, else the v1 hierarchies
/// mounted below the root, as <c>/proc/self/mountinfo</c> names them (hybrid machines have an empty v2 mount next to them).
/// </summary>
public static class CgroupDetection
{
    private static readonly string[] Required = ["memory", "pids", "cpu"];

    public static CgroupHierarchy? Detect(string sandboxesDirectory, out string problem, string mountRoot = "/sys/fs/cgroup", string mountInfo = "/proc/self/mountinfo")
    {
        var instance = InstanceName(sandboxesDirectory);
        try
        {
            var controllers = Path.Combine(mountRoot, "cgroup.controllers");
            if (File.Exists(controllers))
            {
                var available = File.ReadAllText(controllers).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var missing = Required.Except(available, StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                {
                    problem = $"cgroup v2 at {mountRoot} lacks the {string.Join(", ", missing)} controller(s)";
                    return null;
                }

                problem = string.Empty;
                return new CgroupV2(mountRoot, instance);
            }

            var mounts = V1Mounts(mountInfo, mountRoot);
            var absent = Required.Where(controller => !mounts.ContainsKey(controller)).ToList();
            if (absent.Count > 0)
            {
                problem = $"no cgroup v2 with controllers at {mountRoot} and no cgroup v1 hierarchy for {string.Join(", ", absent)}";
                return null;
            }

            problem = string.Empty;
            return new CgroupV1(mounts, instance);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot create sandbox cgroups: {exception.Message}";
            return null;
        }
    }

    /// <summary>Per data directory, so servers sharing a machine keep to their own cgroups.</summary>
    public static string InstanceName(string sandboxesDirectory) =>
        "i-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(sandboxesDirectory))))[..12];

    /// <summary>Controller → mount point of each v1 hierarchy ("… /sys/fs/cgroup/memory … - cgroup cgroup rw,memory").</summary>
    private static Dictionary<string, string> V1Mounts(string mountInfo, string mountRoot)
    {
        var mounts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(mountInfo))
        {
            return mounts;
        }

        foreach (var line in File.ReadLines(mountInfo))
        {
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var before = line[..separator].Split(' ');
            var after = line[(separator + 3)..].Split(' ');
            if (before.Length < 5 || after.Length < 3 || after[0] != "cgroup"
                || !before[4].StartsWith(mountRoot.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var option in after[2].Split(','))
            {
                if (Required.Contains(option, StringComparer.Ordinal))
                {
                    mounts.TryAdd(option, before[4]);
                }
            }
        }

        return mounts;
    }
}

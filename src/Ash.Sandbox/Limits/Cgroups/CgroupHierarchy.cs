using System.Globalization;

namespace Ash.Sandbox.Limits.Cgroups;

/// <summary>
/// Where this server's sandbox cgroups live: <c>ash/&lt;instance&gt;/&lt;leaf&gt;</c> under the cgroup
/// mount(s). The instance segment is per data directory, so two servers on one machine never sweep
/// each other's sandboxes.
/// </summary>
public abstract class CgroupHierarchy
{
    /// <summary>"v2" or "v1".</summary>
    public abstract string Version { get; }

    /// <summary>Creates (or, after a crash, empties and reuses) a leaf with these limits.</summary>
    public abstract CgroupLeaf Create(string name, SandboxLimits limits);

    /// <summary>A leaf by name, without creating it (a missing one simply has no processes).</summary>
    public abstract CgroupLeaf Open(string name);

    /// <summary>The leaves that exist now (at start-up: what a previous run left).</summary>
    public abstract IReadOnlyList<CgroupLeaf> ExistingLeaves();

    /// <summary>True when swap is kept out of the memory limit (v2 memory.swap.max, v1 memsw).</summary>
    public abstract bool LimitsSwap { get; }

    protected static string Cpu(double cpus, int period) =>
        ((long)Math.Max(1000, Math.Round(cpus * period))).ToString(CultureInfo.InvariantCulture);

    protected static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    protected static void Write(string path, string value) => File.WriteAllText(path, value);

    protected static IEnumerable<string> ChildDirectories(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateDirectories(directory) : [];
}

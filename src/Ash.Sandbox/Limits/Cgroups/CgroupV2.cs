namespace Ash.Sandbox.Limits.Cgroups;

/// <summary>
/// cgroup v2 (unified): one directory per sandbox with memory.max, memory.swap.max = 0, pids.max and
/// cpu.max; the controllers are enabled down the path (sandbox-facts.md §3.4).
/// </summary>
public sealed class CgroupV2 : CgroupHierarchy
{
    private const int CpuPeriod = 100_000;
    private const string Controllers = "+memory +pids +cpu";

    private readonly string _base;

    public CgroupV2(string mount, string instance)
    {
        var ash = Path.Combine(mount, "ash");
        _base = Path.Combine(ash, instance);
        EnableControllers(mount);
        Directory.CreateDirectory(ash);
        EnableControllers(ash);
        Directory.CreateDirectory(_base);
        EnableControllers(_base);
    }

    public override string Version => "v2";

    public override bool LimitsSwap => true;

    public override CgroupLeaf Create(string name, SandboxLimits limits)
    {
        var leaf = new Leaf(name, Path.Combine(_base, name));
        if (leaf.Processes().Count > 0)
        {
            leaf.KillAll();
        }

        Directory.CreateDirectory(leaf.Folder);
        Write(Path.Combine(leaf.Folder, "memory.max"), Number(limits.MemoryBytes));
        var swap = Path.Combine(leaf.Folder, "memory.swap.max");
        if (File.Exists(swap))
        {
            Write(swap, "0");
        }

        Write(Path.Combine(leaf.Folder, "pids.max"), Number(limits.MaxProcesses));
        Write(Path.Combine(leaf.Folder, "cpu.max"), $"{Cpu(limits.Cpus, CpuPeriod)} {CpuPeriod}");
        return leaf;
    }

    public override CgroupLeaf Open(string name) => new Leaf(name, Path.Combine(_base, name));

    public override IReadOnlyList<CgroupLeaf> ExistingLeaves() =>
        ChildDirectories(_base).Select(directory => (CgroupLeaf)new Leaf(Path.GetFileName(directory), directory)).ToList();

    private static void EnableControllers(string directory)
    {
        var control = Path.Combine(directory, "cgroup.subtree_control");
        var enabled = File.Exists(control) ? File.ReadAllText(control) : string.Empty;
        if (!enabled.Contains("memory", StringComparison.Ordinal) || !enabled.Contains("pids", StringComparison.Ordinal) || !enabled.Contains("cpu", StringComparison.Ordinal))
        {
            Write(control, Controllers);
        }
    }

    private sealed class Leaf(string name, string directory) : CgroupLeaf(name)
    {
        public string Folder { get; } = directory;

        public override IReadOnlyList<string> ProcsFiles { get; } = [Path.Combine(directory, "cgroup.procs")];

        protected override IReadOnlyList<string> Directories => [Folder];

        public override CgroupCounters ReadCounters() => new(
            CounterFile.Read(Path.Combine(Folder, "memory.events"), "oom_kill"),
            CounterFile.Read(Path.Combine(Folder, "pids.events"), "max"),
            CounterFile.ReadSingle(Path.Combine(Folder, "memory.peak")));

        public override void SignalAll()
        {
            try
            {
                Write(Path.Combine(Folder, "cgroup.kill"), "1");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // No cgroup.kill before Linux 5.14, or the cgroup is gone already.
                base.SignalAll();
            }
        }

        protected override bool TryKillAtOnce()
        {
            var kill = Path.Combine(Folder, "cgroup.kill");
            if (!File.Exists(kill))
            {
                return false;
            }

            Write(kill, "1");
            for (var attempt = 0; attempt < 200 && Processes().Count > 0; attempt++)
            {
                Thread.Sleep(5);
            }

            return true;
        }
    }
}

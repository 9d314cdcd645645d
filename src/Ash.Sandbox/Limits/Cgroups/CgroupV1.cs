namespace Ash.Sandbox.Limits.Cgroups;

/// <summary>
/// cgroup v1: one hierarchy per controller (memory, pids, cpu), a directory per sandbox in each.
/// Swap is kept out with <c>memory.memsw.limit_in_bytes</c> where swap accounting exists.
/// </summary>
public sealed class CgroupV1 : CgroupHierarchy
{
    private const int CpuPeriod = 100_000;

    private readonly string _memory;
    private readonly string _pids;
    private readonly string _cpu;

    /// <param name="mounts">Mount point of each controller's hierarchy (memory, pids, cpu).</param>
    public CgroupV1(IReadOnlyDictionary<string, string> mounts, string instance)
    {
        _memory = Base(mounts["memory"], instance);
        _pids = Base(mounts["pids"], instance);
        _cpu = Base(mounts["cpu"], instance);
    }

    public override string Version => "v1";

    public override bool LimitsSwap => File.Exists(Path.Combine(_memory, "memory.memsw.limit_in_bytes"))
        || File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(_memory))!, "memory.memsw.limit_in_bytes"));

    public override CgroupLeaf Create(string name, SandboxLimits limits)
    {
        var leaf = OpenLeaf(name);
        if (leaf.Processes().Count > 0)
        {
            leaf.KillAll();
        }

        foreach (var directory in new[] { leaf.Memory, leaf.Pids, leaf.Cpu })
        {
            Directory.CreateDirectory(directory);
        }

        // memsw must stay >= the memory limit, so lower the limits in the order that keeps that true.
        var memsw = Path.Combine(leaf.Memory, "memory.memsw.limit_in_bytes");
        var memory = Number(limits.MemoryBytes);
        if (File.Exists(memsw))
        {
            Write(memsw, "-1");
            Write(Path.Combine(leaf.Memory, "memory.limit_in_bytes"), memory);
            Write(memsw, memory);
        }
        else
        {
            Write(Path.Combine(leaf.Memory, "memory.limit_in_bytes"), memory);
            Write(Path.Combine(leaf.Memory, "memory.swappiness"), "0");
        }

        Write(Path.Combine(leaf.Pids, "pids.max"), Number(limits.MaxProcesses));
        Write(Path.Combine(leaf.Cpu, "cpu.cfs_period_us"), Number(CpuPeriod));
        Write(Path.Combine(leaf.Cpu, "cpu.cfs_quota_us"), Cpu(limits.Cpus, CpuPeriod));
        return leaf;
    }

    public override IReadOnlyList<CgroupLeaf> ExistingLeaves() =>
        ChildDirectories(_pids).Concat(ChildDirectories(_memory)).Concat(ChildDirectories(_cpu))
            .Select(Path.GetFileName)
            .Distinct(StringComparer.Ordinal)
            .Select(name => Open(name!))
            .ToList();

    public override CgroupLeaf Open(string name) => OpenLeaf(name);

    private Leaf OpenLeaf(string name) => new(name, Path.Combine(_memory, name), Path.Combine(_pids, name), Path.Combine(_cpu, name));

    private static string Base(string mount, string instance)
    {
        var directory = Path.Combine(mount, "ash", instance);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private sealed class Leaf(string name, string memory, string pids, string cpu) : CgroupLeaf(name)
    {
        public string Memory { get; } = memory;

        public string Pids { get; } = pids;

        public string Cpu { get; } = cpu;

        // The pids hierarchy first: it is the one Processes() reads.
        public override IReadOnlyList<string> ProcsFiles { get; } =
            [Path.Combine(pids, "cgroup.procs"), Path.Combine(memory, "cgroup.procs"), Path.Combine(cpu, "cgroup.procs")];

        protected override IReadOnlyList<string> Directories => [Pids, Memory, Cpu];

        public override CgroupCounters ReadCounters() => new(
            CounterFile.Read(Path.Combine(Memory, "memory.oom_control"), "oom_kill"),
            CounterFile.Read(Path.Combine(Pids, "pids.events"), "max"),
            CounterFile.ReadSingle(Path.Combine(Memory, "memory.max_usage_in_bytes")));
    }
}

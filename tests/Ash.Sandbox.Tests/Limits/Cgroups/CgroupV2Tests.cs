using Ash.Sandbox.Limits;
using Ash.Sandbox.Limits.Cgroups;

namespace Ash.Sandbox.Tests.Limits.Cgroups;

/// <summary>
/// cgroup v2 cannot run on the CI machines (their controllers are bound to v1 hierarchies), so these
/// tests drive <see cref="CgroupV2"/> against a directory shaped like /sys/fs/cgroup and check the
/// files it writes and reads. The v1 path is tested for real by the integration suite.
/// </summary>
public sealed class CgroupV2Tests
{
    private readonly string _root = Directory.CreateTempSubdirectory("ash-cgroup2").FullName;

    public CgroupV2Tests()
    {
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        File.WriteAllText(Path.Combine(_root, "cgroup.subtree_control"), string.Empty);
    }

    [Fact]
    public void Detection_PicksV2_AndEnablesControllersDownThePath()
    {
        var hierarchy = CgroupDetection.Detect("/data/one", out var problem, _root, mountInfo: "/nonexistent");

        Assert.Equal(string.Empty, problem);
        Assert.Equal("v2", hierarchy!.Version);
        var instance = CgroupDetection.InstanceName("/data/one");
        Assert.Equal("+memory +pids +cpu", File.ReadAllText(Path.Combine(_root, "cgroup.subtree_control")));
        Assert.Equal("+memory +pids +cpu", File.ReadAllText(Path.Combine(_root, "ash", "cgroup.subtree_control")));
        Assert.Equal("+memory +pids +cpu", File.ReadAllText(Path.Combine(_root, "ash", instance, "cgroup.subtree_control")));
    }

    [Fact]
    public void Detection_WithoutMemoryController_NamesIt()
    {
        File.WriteAllText(Path.Combine(_root, "cgroup.controllers"), "cpu pids\n");

        var hierarchy = CgroupDetection.Detect("/data/one", out var problem, _root, mountInfo: "/nonexistent");

        Assert.Null(hierarchy);
        Assert.Contains("memory", problem);
    }

    [Fact]
    public void Leaf_HoldsTheLimits_NoSwap_AndCpuQuota()
    {
        var hierarchy = new CgroupV2(_root, "i-test");
        var directory = Path.Combine(_root, "ash", "i-test", "s-1");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "memory.swap.max"), "max");

        var leaf = hierarchy.Create("s-1", new SandboxLimits(512L << 20, 128, 1.5, 1L << 30, 100_000));

        Assert.Equal(Path.Combine(directory, "cgroup.procs"), Assert.Single(leaf.ProcsFiles));
        Assert.Equal((512L << 20).ToString(), File.ReadAllText(Path.Combine(directory, "memory.max")));
        Assert.Equal("0", File.ReadAllText(Path.Combine(directory, "memory.swap.max")));
        Assert.Equal("128", File.ReadAllText(Path.Combine(directory, "pids.max")));
        Assert.Equal("150000 100000", File.ReadAllText(Path.Combine(directory, "cpu.max")));
    }

    [Fact]
    public void Counters_ComeFromMemoryAndPidsEvents()
    {
        var leaf = new CgroupV2(_root, "i-test").Create("s-2", new SandboxLimits(512L << 20, 128, 1, 1L << 30, 100_000));
        var directory = Path.Combine(_root, "ash", "i-test", "s-2");
        File.WriteAllText(Path.Combine(directory, "memory.events"), "low 0\nhigh 0\nmax 7\noom 2\noom_kill 2\noom_group_kill 0\n");
        File.WriteAllText(Path.Combine(directory, "pids.events"), "max 31\n");
        File.WriteAllText(Path.Combine(directory, "memory.peak"), "536870912\n");

        var counters = leaf.ReadCounters();

        Assert.Equal(new CgroupCounters(2, 31, 536870912), counters);
    }

    [Fact]
    public void ExistingLeaves_AreThisInstancesOnly()
    {
        new CgroupV2(_root, "i-mine").Create("s-a", new SandboxLimits(512L << 20, 128, 1, 1L << 30, 100_000));
        new CgroupV2(_root, "i-other").Create("s-b", new SandboxLimits(512L << 20, 128, 1, 1L << 30, 100_000));

        var leaves = new CgroupV2(_root, "i-mine").ExistingLeaves();

        Assert.Equal("s-a", Assert.Single(leaves).Name);
    }
}

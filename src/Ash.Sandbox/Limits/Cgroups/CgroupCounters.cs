namespace Ash.Sandbox.Limits.Cgroups;

/// <summary>What the kernel counted in one cgroup: OOM kills, forks refused at pids.max, peak memory.</summary>
public readonly record struct CgroupCounters(long OomKills, long ForksRefused, long MemoryPeakBytes);

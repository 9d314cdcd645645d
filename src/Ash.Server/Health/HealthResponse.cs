namespace Ash.Server.Health;

public sealed record HealthResponse(
    string Status,
    string Version,
    int ActiveSessions,
    int ActiveSandboxes,
    long Uptime,
    PoolHealth Pool,
    SandboxHealth Sandbox,
    string Database);

public sealed record PoolHealth(int Total, int Warm, int Running, int MaxCapacity, long PreWarmHits);

public sealed record SandboxHealth(string Isolation, string Cgroup, string Network, string Runtime, LimitsHealth Limits, bool Seccomp, bool FullNetworkAllowed);

/// <summary>The default limits and which of them the kernel enforces here (<c>enforced</c> false only with --allow-unlimited).</summary>
public sealed record LimitsHealth(bool Enforced, long MemoryMb, bool SwapExcluded, int MaxProcesses, double Cpus, long DiskMb, string Disk);

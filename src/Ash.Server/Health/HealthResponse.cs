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

public sealed record PoolHealth(int Total, int Warm, int Running, int MaxCapacity);

public sealed record SandboxHealth(string Isolation, string Cgroup, string Network, string Runtime);

using System.Text.Json.Serialization;

namespace Ash.Server.Health;

/// <param name="SandboxHosts">On Dapr, a sessions app without the sandbox-host role: the nodes it can place sessions on now.</param>
public sealed record HealthResponse(
    string Status,
    string Version,
    int ActiveSessions,
    int ActiveSandboxes,
    long Uptime,
    PoolHealth Pool,
    SandboxHealth Sandbox,
    string Database,
    ModelHealth Model,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SandboxHosts = null);

/// <summary>Ash's <c>PoolStats</c>, counted for this server (docs/api.md says what each field counts here).</summary>
public sealed record PoolHealth(
    int Total,
    int Cold,
    int Warming,
    int Warm,
    int Waiting,
    int Running,
    int MaxCapacity,
    long ResumeWarmHits,
    long ResumeColdHits,
    long PreWarmHits,
    MaxCapacitySizing MaxCapacitySizing);

/// <summary>
/// How <see cref="PoolHealth.MaxCapacity"/> was set (ext): <c>limitedBy</c> <c>config</c>, <c>default</c> (no sandbox runs
/// here), or what the start-up sizing ran into first (<c>memory</c>, <c>tasks</c>, <c>descriptors</c>,
/// <c>uids</c>, <c>ceiling</c>); the memory it found and the estimate per sandbox it divided by.
/// </summary>
public sealed record MaxCapacitySizing(string LimitedBy, long? MemoryMb, long SandboxMemoryMb);

public sealed record SandboxHealth(string Isolation, string Cgroup, string Network, string Runtime, LimitsHealth Limits, bool Seccomp, bool FullNetworkAllowed);

/// <summary>The default limits and which of them the kernel enforces here (<c>enforced</c> false only with --allow-unlimited).</summary>
/// <param name="Disk">
/// How <see cref="DiskMb"/> and <see cref="MaxFiles"/> hold: <c>ext4-volume</c> (each session's files on an ext4 file system of
/// that size and inode count: ENOSPC at the limit), or <c>file-size-limit</c> (volumes switched off: RLIMIT_FSIZE caps each file,
/// nothing caps the total or the file count).
/// </param>
/// <param name="DiskQuotaEnforced">The total size and the file count of a session's files are enforced by the kernel.</param>
public sealed record LimitsHealth(bool Enforced, long MemoryMb, bool SwapExcluded, int MaxProcesses, double Cpus, long DiskMb, long MaxFiles, string Disk, bool DiskQuotaEnforced);

/// <summary>The server's own model credential and what its upstream did with the last request sent with it (no secret, no tenant's request).</summary>
/// <param name="CredentialConfigured">The server has a model key (<c>ANTHROPIC_API_KEY</c>); without one, only sessions created with a <c>credentialId</c> can run a turn.</param>
/// <param name="LastRequest">Null until this process's model proxy has sent a request with the server's key.</param>
public sealed record ModelHealth(bool CredentialConfigured, ModelRequestHealth? LastRequest);

/// <param name="Answered">The upstream answered with an HTTP status (false: refused, unreachable or reset).</param>
/// <param name="Status">Its HTTP status, or null.</param>
/// <param name="Ok">It answered with a success.</param>
public sealed record ModelRequestHealth(DateTimeOffset At, bool Answered, int? Status, bool Ok);

using Ash.Sandbox.Limits;
using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox;

/// <summary>Configuration of the local sandbox host (section <c>Ash:Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    /// <summary>Root of all session directories. Every ancestor must be traversable (o+x) by the sandbox uids.</summary>
    public string SandboxesDirectory { get; set; } = string.Empty;

    /// <summary>Short root for per-sandbox socket directories (Unix socket paths hold at most 107 bytes).</summary>
    public string SocketDirectory { get; set; } = "/run/ash";

    /// <summary>The agent runtime binary (the Claude Code CLI); its directory is bound read-only into sandboxes.</summary>
    public string RuntimePath { get; set; } = string.Empty;

    public string BwrapPath { get; set; } = "/usr/bin/bwrap";

    public string SetprivPath { get; set; } = "/usr/bin/setpriv";

    public string SocatPath { get; set; } = "/usr/bin/socat";

    public string PrlimitPath { get; set; } = "/usr/bin/prlimit";

    /// <summary>First host uid handed to sandboxes; each live sandbox gets its own.</summary>
    public int FirstUid { get; set; } = 200_000;

    public int UidCount { get; set; } = 10_000;

    /// <summary>A stream-json line longer than this ends the turn with an error.</summary>
    public int MaxLineBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Loopback port inside each sandbox where the model proxy is reachable.</summary>
    public int ModelProxyPort { get; set; } = 8377;

    /// <summary>Bounds on each sandbox's model proxy: body size, connections, timeouts (<c>Ash:Sandbox:ModelProxy</c>).</summary>
    public ModelProxyLimits ModelProxy { get; set; } = new();

    public string DefaultPermissionMode { get; set; } = "bypassPermissions";

    /// <summary>Default resource limits of every sandbox; an agent's <c>ash.json</c> may set its own.</summary>
    public LimitDefaults Limits { get; set; } = new();

    /// <summary>Each session's files on a volume of its own: the disk and inode quotas (<c>Ash:Sandbox:Volumes</c>).</summary>
    public Volumes.VolumeOptions Volumes { get; set; } = new();

    /// <summary>
    /// Run sandboxes even where no resource limit can be enforced (no usable cgroups). Off by default:
    /// the server refuses to start instead.
    /// </summary>
    public bool AllowUnlimited { get; set; }

    /// <summary>The most of each of stdout and stderr an exec command returns; the rest is dropped.</summary>
    public int ExecMaxOutputBytes { get; set; } = 1024 * 1024;

    /// <summary>The seccomp program every sandbox runs under, written at start-up (root-owned).</summary>
    public string SeccompProgramPath => Path.Combine(SocketDirectory, "seccomp.bpf");

    /// <summary>Where the cgroup file systems are mounted (v2 itself, or the v1 hierarchies below it).</summary>
    public string CgroupRoot { get; set; } = "/sys/fs/cgroup";

    /// <summary>
    /// A directory every sandbox host reaches (<c>--shared-dir</c>, <c>ASH_SHARED_DIR</c>): a session's files are
    /// copied there whenever its process ends, and a host without them (or with an older copy) restores them
    /// from there before it starts the session. Empty = no snapshots (one host, the embedded mode).
    /// </summary>
    public string? SnapshotDirectory { get; set; }

    /// <summary>Lets agents ask for the host's full network in <c>ash.json</c>. Off by default.</summary>
    public bool AllowFullNetwork { get; set; }
}

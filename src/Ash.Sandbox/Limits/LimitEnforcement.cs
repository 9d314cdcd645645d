using Ash.Sandbox.Limits.Cgroups;
using Ash.Sandbox.Volumes;

namespace Ash.Sandbox.Limits;

/// <summary>
/// Which resource limits this machine can enforce, decided once at start-up. Without cgroups the
/// server refuses to run sandboxes unless <c>Ash:Sandbox:AllowUnlimited</c> says otherwise; without
/// session volumes (disk and inode quotas) unless <c>Ash:Sandbox:Volumes:Enabled</c> is false.
/// </summary>
public sealed class LimitEnforcement
{
    private LimitEnforcement(CgroupHierarchy? cgroups, string problem, LimitDefaults defaults, VolumeSupport volumes)
    {
        Cgroups = cgroups;
        Problem = problem;
        Defaults = defaults;
        Volumes = volumes;
    }

    public CgroupHierarchy? Cgroups { get; }

    /// <summary>Why limits cannot be enforced (empty when they can).</summary>
    public string Problem { get; }

    public LimitDefaults Defaults { get; }

    /// <summary>Disk and inode quotas: each session's files on a volume of its own.</summary>
    public VolumeSupport Volumes { get; }

    /// <summary>"v2", "v1" or "none".</summary>
    public string Cgroup => Cgroups?.Version ?? "none";

    public static LimitEnforcement Detect(SandboxOptions options)
    {
        var cgroups = CgroupDetection.Detect(options.SandboxesDirectory, out var problem, options.CgroupRoot);
        return new LimitEnforcement(cgroups, problem, options.Limits, VolumeSupport.Detect(options));
    }
}

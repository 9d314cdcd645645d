using Ash.Core.Sandboxes;

namespace Ash.Sandbox.Limits;

/// <summary>The limits one sandbox runs under, every value set (agent's <c>ash.json</c> over the server's defaults).</summary>
public sealed record SandboxLimits(long MemoryBytes, int MaxProcesses, double Cpus, long DiskBytes, long MaxFiles)
{
    public static SandboxLimits Resolve(ResourceLimits agent, LimitDefaults defaults)
    {
        var merged = agent.Over(defaults.ToResourceLimits());
        return new SandboxLimits(merged.MemoryBytes!.Value, merged.MaxProcesses!.Value, merged.Cpus!.Value, merged.DiskBytes!.Value, merged.MaxFiles!.Value);
    }

    public long MemoryMb => MemoryBytes / ResourceLimits.MiB;

    public long DiskMb => DiskBytes / ResourceLimits.MiB;
}

using Ash.Core.Agents;
using Ash.Core.Sandboxes;

namespace Ash.Sandbox.Limits;

/// <summary>Server-wide default limits (<c>Ash:Sandbox:Limits</c>), used where an agent's <c>ash.json</c> sets none.</summary>
public sealed class LimitDefaults
{
    public long MemoryMb { get; set; } = 2048;

    public int MaxProcesses { get; set; } = 512;

    public double Cpus { get; set; } = 1;

    public long DiskMb { get; set; } = 4096;

    /// <summary>
    /// Files, directories and links a session's files may count (its volume's inodes). 200,000 holds a large
    /// node_modules; ext4 would give a 4 GiB disk 262,144 by itself.
    /// </summary>
    public long MaxFiles { get; set; } = 200_000;

    public ResourceLimits ToResourceLimits() =>
        new(MemoryMb * ResourceLimits.MiB, MaxProcesses, Cpus, DiskMb * ResourceLimits.MiB, MaxFiles);

    public IEnumerable<string> Validate()
    {
        if (MemoryMb is < LimitRanges.MinMemoryMb or > LimitRanges.MaxMemoryMb)
        {
            yield return $"Ash:Sandbox:Limits:MemoryMb must be {LimitRanges.Describe("memoryMb")}.";
        }

        if (MaxProcesses is < (int)LimitRanges.MinProcesses or > (int)LimitRanges.MaxProcesses)
        {
            yield return $"Ash:Sandbox:Limits:MaxProcesses must be {LimitRanges.Describe("maxProcesses")}.";
        }

        if (Cpus is < LimitRanges.MinCpus or > LimitRanges.MaxCpus or double.NaN)
        {
            yield return $"Ash:Sandbox:Limits:Cpus must be {LimitRanges.Describe("cpus")}.";
        }

        if (DiskMb is < LimitRanges.MinDiskMb or > LimitRanges.MaxDiskMb)
        {
            yield return $"Ash:Sandbox:Limits:DiskMb must be {LimitRanges.Describe("diskMb")}.";
        }

        if (MaxFiles is < LimitRanges.MinFiles or > LimitRanges.MaxFiles)
        {
            yield return $"Ash:Sandbox:Limits:MaxFiles must be {LimitRanges.Describe("maxFiles")}.";
        }
    }
}

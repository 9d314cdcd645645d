using System.Globalization;

namespace Ash.Core.Agents;

/// <summary>The values a resource limit may take, in <c>ash.json</c> and in the server's defaults alike.</summary>
public static class LimitRanges
{
    /// <summary>The agent runtime alone needs ~175 MB; less than this cannot run a turn.</summary>
    public const long MinMemoryMb = 256;
    public const long MaxMemoryMb = 1024 * 1024;

    /// <summary>Counts threads too: the runtime starts a few dozen.</summary>
    public const long MinProcesses = 64;
    public const long MaxProcesses = 1_000_000;

    public const double MinCpus = 0.05;
    public const double MaxCpus = 1024;

    public const long MinDiskMb = 16;
    public const long MaxDiskMb = 16 * 1024 * 1024;

    /// <summary>The agent runtime writes a few dozen files of its own under ~/.claude.</summary>
    public const long MinFiles = 1_000;

    /// <summary>Each file costs the session's volume a 256-byte inode, reserved up front.</summary>
    public const long MaxFiles = 100_000_000;

    public static string Describe(string name) => name switch
    {
        "memoryMb" => string.Create(CultureInfo.InvariantCulture, $"a whole number of MiB from {MinMemoryMb} to {MaxMemoryMb}"),
        "maxProcesses" => string.Create(CultureInfo.InvariantCulture, $"a whole number from {MinProcesses} to {MaxProcesses}"),
        "cpus" => string.Create(CultureInfo.InvariantCulture, $"a number of CPUs from {MinCpus} to {MaxCpus}"),
        "maxFiles" => string.Create(CultureInfo.InvariantCulture, $"a whole number of files from {MinFiles} to {MaxFiles}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"a whole number of MiB from {MinDiskMb} to {MaxDiskMb}"),
    };
}

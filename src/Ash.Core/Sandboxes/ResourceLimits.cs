namespace Ash.Core.Sandboxes;

/// <summary>
/// Resource limits of one sandbox. In an agent's <c>ash.json</c> every field is optional (null = the
/// server's default); the sandbox host fills the gaps before it starts anything.
/// </summary>
/// <param name="DiskBytes">What the session's files (workspace and home together) may hold.</param>
/// <param name="MaxFiles">How many files, directories and links the session's files may count.</param>
public sealed record ResourceLimits(long? MemoryBytes = null, int? MaxProcesses = null, double? Cpus = null, long? DiskBytes = null, long? MaxFiles = null)
{
    public const long MiB = 1024 * 1024;

    public static readonly ResourceLimits None = new();

    /// <summary>These values where set, else <paramref name="defaults"/>'.</summary>
    public ResourceLimits Over(ResourceLimits defaults) => new(
        MemoryBytes ?? defaults.MemoryBytes,
        MaxProcesses ?? defaults.MaxProcesses,
        Cpus ?? defaults.Cpus,
        DiskBytes ?? defaults.DiskBytes,
        MaxFiles ?? defaults.MaxFiles);
}

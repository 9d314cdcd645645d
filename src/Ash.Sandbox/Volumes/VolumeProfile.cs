using System.Globalization;
using Ash.Core.Sandboxes;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// What a session's volume holds: <see cref="DiskBytes"/> of data and <see cref="MaxFiles"/> files
/// (files, directories and links), and the ext4 geometry that gives exactly that. The file system's own
/// metadata (inode tables, bitmaps, journal, the blocks ext4 keeps back for itself) is added on top, so
/// the agent really can write <see cref="DiskBytes"/>; the image is sparse, so what it does not use costs
/// the host nothing.
/// </summary>
public readonly record struct VolumeProfile(long DiskBytes, long MaxFiles)
{
    public const int BlockSize = 4096;

    /// <summary>256-byte inodes: room for nanosecond timestamps and small extended attributes inline.</summary>
    public const int InodeSize = 256;

    /// <summary>A 4 MiB journal (the smallest mke2fs makes): after a host crash, mounting replays it instead of needing fsck.</summary>
    public const long JournalBlocks = 1024;

    /// <summary>The inodes ext4 keeps (1-10, lost+found) and ours at the volume's root (workspace, home, staging), beyond the agent's files.</summary>
    public const long OwnInodes = 16;

    private const long BlocksPerGroup = 32768;
    private const long MaxInodesPerGroup = BlocksPerGroup;
    private const long DescriptorBytes = 64;

    /// <summary>The image format this code makes; a change of mkfs options must change it, so old templates are not reused.</summary>
    private const string FormatVersion = "v1";

    public long DiskMb => DiskBytes / ResourceLimits.MiB;

    /// <summary>Inodes to ask mke2fs for (it rounds up to whole inode-table blocks per block group).</summary>
    public long Inodes => MaxFiles + OwnInodes;

    /// <summary>Blocks the agent must be able to fill.</summary>
    public long DataBlocks => (DiskBytes + BlockSize - 1) / BlockSize;

    /// <summary>The name of the pre-formatted template of this profile.</summary>
    public string TemplateName => string.Create(CultureInfo.InvariantCulture, $"ext4-{FormatVersion}-{DiskMb}m-{MaxFiles}f.img");

    /// <summary>
    /// The blocks to format so that about <see cref="DataBlocks"/> stay available: data, inode tables,
    /// bitmaps, group descriptors and their backups, the journal, and what ext4 reserves for itself at
    /// mount (2% of the blocks, at most 4096, kept back from every writer). <see cref="VolumeTemplates"/>
    /// checks the result on the formatted image and corrects it.
    /// </summary>
    public long EstimateBlocks()
    {
        var total = DataBlocks + JournalBlocks;
        for (var round = 0; round < 8; round++)
        {
            var next = DataBlocks + MetadataBlocks(total) + Reserved(total);
            if (next == total)
            {
                break;
            }

            total = next;
        }

        return total;
    }

    /// <summary>What ext4 keeps back at mount for its own allocations (s_resv_clusters): writers never get these.</summary>
    public static long Reserved(long totalBlocks) => Math.Min(totalBlocks / 50, 4096);

    private long MetadataBlocks(long totalBlocks)
    {
        var groups = Math.Max(Ceiling(totalBlocks, BlocksPerGroup), Ceiling(Inodes, MaxInodesPerGroup));
        var inodesPerBlock = BlockSize / InodeSize;
        var inodesPerGroup = Ceiling(Ceiling(Inodes, groups), inodesPerBlock) * inodesPerBlock;
        var inodeTables = groups * inodesPerGroup / inodesPerBlock;
        var descriptorBlocks = Ceiling(groups * DescriptorBytes, BlockSize);
        var superblockCopies = 0L;
        for (var group = 0L; group < groups; group++)
        {
            superblockCopies += HasSuperblockCopy(group) ? 1 : 0;
        }

        // Root directory, lost+found (4 blocks) and the journal's own extent: a few blocks.
        const long Directories = 8;
        return inodeTables + (2 * groups) + (superblockCopies * (1 + descriptorBlocks)) + JournalBlocks + Directories;
    }

    /// <summary>sparse_super: groups 0, 1 and the powers of 3, 5 and 7 hold a copy of the superblock and descriptors.</summary>
    private static bool HasSuperblockCopy(long group)
    {
        if (group <= 1)
        {
            return true;
        }

        return IsPowerOf(group, 3) || IsPowerOf(group, 5) || IsPowerOf(group, 7);
    }

    private static bool IsPowerOf(long value, long root)
    {
        while (value % root == 0)
        {
            value /= root;
        }

        return value == 1;
    }

    private static long Ceiling(long value, long divisor) => (value + divisor - 1) / divisor;

    /// <summary>The limits as ash.json and the server's defaults resolved them.</summary>
    public static VolumeProfile Of(Limits.SandboxLimits limits) => new(limits.DiskBytes, limits.MaxFiles);

    /// <summary>The server's default limits: what the pool's volumes have, and a session gets when nothing says otherwise.</summary>
    public static VolumeProfile Of(Limits.LimitDefaults defaults) => new(defaults.DiskMb * ResourceLimits.MiB, defaults.MaxFiles);

    /// <summary>The profile a volume was made with, as written beside its image; null when there is none.</summary>
    public static VolumeProfile? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var disk)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var files)
            ? new VolumeProfile(disk, files)
            : null;
    }

    public void Write(string path) =>
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{DiskBytes} {MaxFiles}\n"));

    /// <summary>At least as large as <paramref name="other"/> in both dimensions.</summary>
    public VolumeProfile AtLeast(VolumeProfile other) => new(Math.Max(DiskBytes, other.DiskBytes), Math.Max(MaxFiles, other.MaxFiles));
}

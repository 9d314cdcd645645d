using System.Text;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// What a tree will take once copied onto a fresh volume: an inode for every entry, whole blocks for every
/// file, at least one block for every directory (more for long ones), a block for a link whose target does
/// not fit in its inode. Links are counted and never followed: an agent's <c>ln -s / ~/r</c> must not make
/// the server walk the host's tree, nor size a volume by it. The walk stops as soon as the tree passes
/// <c>limit</c>, so it costs at most what a tree within the limit costs.
/// </summary>
internal readonly record struct TreeSize(long Bytes, long Files)
{
    /// <summary>A link target shorter than this is kept in the inode itself (an ext4 "fast" symlink).</summary>
    private const int InodeLinkTarget = 60;

    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
    };

    /// <summary>The size of the trees at <paramref name="roots"/> (those that exist), or null once it passes <paramref name="limit"/>.</summary>
    public static TreeSize? Measure(IEnumerable<string> roots, TreeSize limit)
    {
        var bytes = 0L;
        var files = 0L;
        var pending = new Stack<string>();
        foreach (var root in roots)
        {
            if (Directory.Exists(root) && new DirectoryInfo(root).LinkTarget is null)
            {
                pending.Push(root);
                files++;
            }
        }

        while (pending.TryPop(out var directory))
        {
            var entryBytes = 0L;
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", OneLevel))
            {
                files++;
                entryBytes += DirectoryEntryBytes(entry.Name);
                if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    // A link: the link itself, whatever it points at (a directory link is not descended into).
                    bytes += Encoding.UTF8.GetByteCount(entry.LinkTarget ?? string.Empty) >= InodeLinkTarget ? VolumeProfile.BlockSize : 0;
                }
                else if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else if (entry is FileInfo file)
                {
                    bytes += Blocks(file.Length);
                }

                if (files > limit.Files || bytes > limit.Bytes)
                {
                    return null;
                }
            }

            bytes += Math.Max(VolumeProfile.BlockSize, Blocks(entryBytes));
            if (bytes > limit.Bytes)
            {
                return null;
            }
        }

        return new TreeSize(bytes, files);
    }

    /// <summary>An ext4 directory entry: 8 bytes and the name, padded to 4.</summary>
    private static long DirectoryEntryBytes(string name) => 8 + ((Encoding.UTF8.GetByteCount(name) + 3) / 4 * 4);

    private static long Blocks(long bytes) => (bytes + VolumeProfile.BlockSize - 1) / VolumeProfile.BlockSize * VolumeProfile.BlockSize;
}

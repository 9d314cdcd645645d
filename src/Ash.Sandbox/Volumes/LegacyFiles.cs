using Ash.Core.Sandboxes;
using Ash.Sandbox.Directories;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// A session's files from before it had a volume: <c>workspace/</c> and <c>home/</c> in the session
/// directory (data directories from before issue 12), or a plain <c>volume/</c> directory from a server
/// that ran with volumes switched off (moved aside to <c>volume.plain/</c> first). They are copied into the
/// session's new volume (links kept as links, never followed) and then removed; a crash in between leaves
/// them in place and the next use copies them again.
/// </summary>
internal sealed class LegacyFiles
{
    private readonly string _workspace;
    private readonly string _home;
    private readonly string? _container;

    private LegacyFiles(string workspace, string home, string? container)
    {
        _workspace = workspace;
        _home = home;
        _container = container;
    }

    public static string PlainDirectory(SessionDirectories directories) => directories.Volume + ".plain";

    public static LegacyFiles? Find(SessionDirectories directories)
    {
        var plain = PlainDirectory(directories);
        if (Directory.Exists(plain))
        {
            return new LegacyFiles(Path.Combine(plain, "workspace"), Path.Combine(plain, "home"), plain);
        }

        return Directory.Exists(directories.LegacyWorkspace) || Directory.Exists(directories.LegacyHome)
            ? new LegacyFiles(directories.LegacyWorkspace, directories.LegacyHome, null)
            : null;
    }

    /// <summary>A volume these files fit in, with room to spare: counted once, when they are moved (never again).</summary>
    public VolumeProfile Needed()
    {
        long bytes = 0;
        long files = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true };
        foreach (var root in new[] { _workspace, _home })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
            {
                files++;
                if (entry is FileInfo { LinkTarget: null } file)
                {
                    // Whole blocks: a file of one byte takes one.
                    bytes += (file.Length + VolumeProfile.BlockSize - 1) / VolumeProfile.BlockSize * VolumeProfile.BlockSize;
                }
            }
        }

        return new VolumeProfile(((bytes + (bytes / 10)) / ResourceLimits.MiB + 16) * ResourceLimits.MiB, files + (files / 10) + 1000);
    }

    public void MoveInto(SessionDirectories directories)
    {
        // The copies are root's until the next start gives them to the sandbox's uid.
        Ownership.Forget(directories);
        var staging = Path.Combine(directories.Volume, "migrate.staging");
        DirectoryDeletion.DeleteIfExists(staging);
        Directory.CreateDirectory(staging);
        var workspace = Path.Combine(staging, "workspace");
        var home = Path.Combine(staging, "home");
        if (Directory.Exists(_workspace))
        {
            TreeCopier.ForSessionTree.Copy(_workspace, workspace);
        }

        if (Directory.Exists(_home))
        {
            TreeCopier.ForSessionTree.Copy(_home, home);
        }
        else
        {
            Directory.CreateDirectory(home);
        }

        DirectoryDeletion.DeleteIfExists(directories.Workspace);
        DirectoryDeletion.DeleteIfExists(directories.Home);
        if (Directory.Exists(workspace))
        {
            Directory.Move(workspace, directories.Workspace);
        }

        Directory.Move(home, directories.Home);
        Directory.Delete(staging, recursive: true);

        DirectoryDeletion.DeleteIfExists(_workspace);
        DirectoryDeletion.DeleteIfExists(_home);
        if (_container is not null)
        {
            DirectoryDeletion.DeleteIfExists(_container);
        }
    }
}

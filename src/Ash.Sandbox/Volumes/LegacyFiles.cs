using System.Globalization;
using Ash.Core.Agents;
using Ash.Core.Sandboxes;
using Ash.Sandbox.Directories;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// A session's files from before it had a volume: <c>workspace/</c> and <c>home/</c> in the session
/// directory (data directories from before issue 12), or a plain <c>volume/</c> directory from a server that
/// ran with volumes switched off. Until a sandbox start moves them into a volume made with the agent's
/// limits, file requests and forks use them where they are.
/// <para>
/// Moving them in is crash-safe at every step: they are first gathered into one directory,
/// <c>volume.plain/</c> (renames); the volume is made under a name of its own (<c>volume.img.migrating</c>)
/// and filled with a copy; then <c>volume.plain/</c> is renamed <c>volume.migrated/</c>, the image renamed
/// <c>volume.img</c> (the commit), and <c>volume.migrated/</c> removed. A crash before the commit leaves the
/// files where a retry finds them (a half-made image is made again); a crash after it leaves only
/// <c>volume.migrated/</c>, which the next mount removes. Nothing of a committed volume is ever replaced.
/// </para>
/// </summary>
internal sealed class LegacyFiles
{
    private const string WorkspaceName = "workspace";
    private const string HomeName = "home";

    private LegacyFiles(string workspace, string home)
    {
        Workspace = workspace;
        Home = home;
    }

    public string Workspace { get; }

    public string Home { get; }

    /// <summary>Where the files are gathered before they are moved in.</summary>
    public static string Container(SessionDirectories directories) => directories.Volume + ".plain";

    /// <summary>The gathered files once a volume holds a copy: removed after the commit.</summary>
    public static string Migrated(SessionDirectories directories) => directories.Volume + ".migrated";

    /// <summary>The session's volume while the files are being copied into it.</summary>
    public static string MigratingImage(SessionDirectories directories) => directories.VolumeImage + ".migrating";

    /// <summary>
    /// Where the session's files from before volumes are, or null when it has none. Only meaningful while the
    /// session has no volume image: beside a volume they are files left aside, never moved in.
    /// </summary>
    public static LegacyFiles? Find(SessionDirectories directories)
    {
        var plain = HasPlainFiles(directories) ? directories.Volume : null;
        string?[] places = [Migrated(directories), Container(directories), directories.Root, plain];
        var workspace = FirstExisting(places, WorkspaceName);
        var home = FirstExisting(places, HomeName);
        return workspace is null && home is null
            ? null
            : new LegacyFiles(workspace ?? Path.Combine(Container(directories), WorkspaceName), home ?? Path.Combine(Container(directories), HomeName));
    }

    /// <summary>A plain <c>volume/</c> directory with files in it: not a mount, so left by a server with volumes switched off.</summary>
    public static bool HasPlainFiles(SessionDirectories directories) =>
        Directory.Exists(directories.Volume) && !MountTable.IsMountRoot(directories.Volume) && Directory.EnumerateFileSystemEntries(directories.Volume).Any();

    /// <summary>
    /// Moves a plain <c>volume/</c> directory out of the mount point's way: to <see cref="Container"/> when
    /// there is none yet, else beside it under a name of its own (never over anything). Returns where it went, or null.
    /// </summary>
    public static string? MovePlainAside(SessionDirectories directories)
    {
        if (!HasPlainFiles(directories))
        {
            return null;
        }

        var container = Container(directories);
        var target = Directory.Exists(container) ? Aside(container) : container;
        Directory.Move(directories.Volume, target);
        return target;
    }

    /// <summary>
    /// Gathers every place the session's files from before volumes may be into <see cref="Container"/>, by
    /// renames. What would land on something already gathered is set aside instead (its path added to
    /// <paramref name="setAside"/>): kept, never merged, never deleted.
    /// </summary>
    public static LegacyFiles Gather(SessionDirectories directories, List<string> setAside)
    {
        var container = Container(directories);
        var migrated = Migrated(directories);
        if (Directory.Exists(migrated))
        {
            // A crash between the container's rename and the image's: the copy was never committed.
            if (Directory.Exists(container))
            {
                setAside.Add(SetAside(migrated));
            }
            else
            {
                Directory.Move(migrated, container);
            }
        }

        if (MovePlainAside(directories) is { } moved && moved != container)
        {
            setAside.Add(moved);
        }

        Directory.CreateDirectory(container);
        File.SetUnixFileMode(container, DirectoryModes.TraverseOnly);
        foreach (var name in new[] { WorkspaceName, HomeName })
        {
            var old = Path.Combine(directories.Root, name);
            if (!Directory.Exists(old))
            {
                continue;
            }

            var target = Path.Combine(container, name);
            if (Directory.Exists(target))
            {
                setAside.Add(SetAside(old));
            }
            else
            {
                Directory.Move(old, target);
            }
        }

        return new LegacyFiles(Path.Combine(container, WorkspaceName), Path.Combine(container, HomeName));
    }

    /// <summary>
    /// The volume these files go into, for an agent whose limits are <paramref name="agent"/>: the agent's own
    /// when they fit in it; where they do not, one that holds them with room to spare (rounded up, so that
    /// sessions moved in together share one template: each profile is an mkfs and a template kept), at most
    /// twice the agent's limits. Files that need more are refused, saying so: the walk that counts them stops
    /// there, and the server never makes a volume as large as whatever they hold.
    /// </summary>
    public VolumeProfile Fit(VolumeProfile agent)
    {
        var most = new VolumeProfile(
            Math.Min(agent.DiskBytes * 2, LimitRanges.MaxDiskMb * ResourceLimits.MiB),
            Math.Min(agent.MaxFiles * 2, LimitRanges.MaxFiles));
        var size = TreeSize.Measure([Workspace, Home], new TreeSize(most.DiskBytes, most.MaxFiles))
            ?? throw new VolumeException(string.Create(CultureInfo.InvariantCulture,
                $"The session's files from before volumes need more than {most.DiskMb} MiB or {most.MaxFiles} files, twice the agent's limits (diskMb {agent.DiskMb}, maxFiles {agent.MaxFiles}): raise them in its ash.json to move the files into a volume"));

        return new VolumeProfile(
            size.Bytes <= agent.DiskBytes ? agent.DiskBytes : Math.Min(RoundUp(size.Bytes + (size.Bytes / 10) + (16 * ResourceLimits.MiB), 256 * ResourceLimits.MiB), most.DiskBytes),
            size.Files <= agent.MaxFiles ? agent.MaxFiles : Math.Min(RoundUp(size.Files + (size.Files / 10) + 1_000, 10_000), most.MaxFiles));
    }

    /// <summary>Copies the files into the session's freshly mounted volume (links kept as links, never followed).</summary>
    public void MoveInto(SessionDirectories directories)
    {
        // The copies are root's until the next start gives them to the sandbox's uid.
        Ownership.Forget(directories);
        var staging = Path.Combine(directories.Volume, "migrate.staging");
        DirectoryDeletion.DeleteIfExists(staging);
        var workspace = Path.Combine(staging, WorkspaceName);
        var home = Path.Combine(staging, HomeName);
        if (Directory.Exists(Workspace))
        {
            TreeCopier.ForSessionTree.Copy(Workspace, workspace);
        }

        if (Directory.Exists(Home))
        {
            TreeCopier.ForSessionTree.Copy(Home, home);
        }
        else
        {
            Directory.CreateDirectory(home);
        }

        // The volume is new: nothing is there to replace, and a move onto something would fail rather than merge.
        if (Directory.Exists(workspace))
        {
            Directory.Move(workspace, directories.Workspace);
        }

        Directory.Move(home, directories.Home);
        Directory.Delete(staging, recursive: true);
    }

    /// <summary>The volume holds the copy: makes it the session's (see the type's remarks for the order) and removes the gathered files.</summary>
    public static void Commit(SessionDirectories directories)
    {
        Directory.Move(Container(directories), Migrated(directories));
        try
        {
            File.Move(MigratingImage(directories), directories.VolumeImage);
        }
        catch
        {
            Directory.Move(Migrated(directories), Container(directories));
            throw;
        }

        DirectoryDeletion.DeleteIfExists(Migrated(directories));
    }

    /// <summary>After a crash past the commit: the files the volume already holds a copy of.</summary>
    public static void ForgetMigrated(SessionDirectories directories) => DirectoryDeletion.DeleteIfExists(Migrated(directories));

    private static string? FirstExisting(string?[] places, string name)
    {
        foreach (var place in places)
        {
            if (place is not null && Directory.Exists(Path.Combine(place, name)))
            {
                return Path.Combine(place, name);
            }
        }

        return null;
    }

    private static string SetAside(string path)
    {
        var aside = Aside(path);
        Directory.Move(path, aside);
        return aside;
    }

    private static string Aside(string path) => path + ".aside-" + Guid.NewGuid().ToString("N")[..8];

    private static long RoundUp(long value, long unit) => (value + unit - 1) / unit * unit;
}

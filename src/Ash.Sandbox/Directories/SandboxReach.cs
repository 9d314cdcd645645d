using System.Security.Cryptography;
using System.Text;
using Ash.Sandbox.Volumes;
using Ash.Sandbox.Workspaces;

namespace Ash.Sandbox.Directories;

/// <summary>
/// Makes what a sandbox must reach by path (the sessions' directories and the runtime's) reachable wherever
/// it lies. bwrap runs as the sandbox's uid and opens its bind sources by path, so every directory above
/// them needs o+x; a data directory under root's home or a <c>mktemp -d</c> directory (both 0700) has an
/// ancestor that lacks it. Such a directory is bind-mounted at <c>&lt;socket directory&gt;/reach/&lt;hash&gt;</c>,
/// a path the server makes itself with only traversable ancestors, and the sandbox options then point
/// there: the files stay in the data directory, and nobody's home directory gets its mode changed.
/// </summary>
public sealed class SandboxReach : IDisposable
{
    private const ulong MountBind = 4096;
    private const ulong MountPrivate = 1 << 18;

    private readonly List<string> _mounts;

    private SandboxReach(List<string> mounts) => _mounts = mounts;

    /// <summary>The bind mounts made (empty when every path was reachable as it is).</summary>
    public IReadOnlyList<string> Mounts => _mounts;

    /// <summary>
    /// Rewrites <see cref="SandboxOptions.SandboxesDirectory"/> and <see cref="SandboxOptions.RuntimePath"/> to
    /// reachable paths where they are not, adding to <paramref name="problems"/> what cannot be done.
    /// </summary>
    public static SandboxReach Prepare(SandboxOptions options, List<string> problems)
    {
        var mounts = new List<string>();
        var reachRoot = Path.Combine(options.SocketDirectory, "reach");
        if (!string.IsNullOrEmpty(options.SandboxesDirectory))
        {
            Directory.CreateDirectory(options.SandboxesDirectory);
            if (Reach(Path.GetFullPath(options.SandboxesDirectory), reachRoot, "sandboxes", mounts, problems) is { } sandboxes)
            {
                options.SandboxesDirectory = sandboxes;
            }
        }

        if (!string.IsNullOrEmpty(options.RuntimePath) && File.Exists(options.RuntimePath))
        {
            var runtime = Path.GetFullPath(options.RuntimePath);
            if (Reach(Path.GetDirectoryName(runtime)!, reachRoot, "runtime", mounts, problems) is { } runtimeDirectory)
            {
                options.RuntimePath = Path.Combine(runtimeDirectory, Path.GetFileName(runtime));
            }
        }

        return new SandboxReach(mounts);
    }

    /// <summary>The closest ancestor of <paramref name="directory"/> (or itself) that other users cannot pass through, or null.</summary>
    public static string? FirstClosedAncestor(string directory)
    {
        for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            if (Directory.Exists(current) && (File.GetUnixFileMode(current) & UnixFileMode.OtherExecute) == 0)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>Detaches the bind mounts (with whatever a crash left mounted below them), at shutdown after every sandbox stopped.</summary>
    public void Dispose()
    {
        foreach (var mountPoint in _mounts)
        {
            VolumeMount.Unmount(mountPoint);
        }

        _mounts.Clear();
    }

    private static string? Reach(string directory, string reachRoot, string kind, List<string> mounts, List<string> problems)
    {
        var closed = FirstClosedAncestor(Path.GetDirectoryName(directory) ?? directory);
        if (closed is null || FirstClosedAncestor(reachRoot) is not null)
        {
            // Reachable as it is; or the reach root is not (a socket directory configured under a closed one):
            // the start-up check then names the closed directory.
            return null;
        }

        var mountPoint = Path.Combine(reachRoot, $"{kind}-{Hash(directory)}");
        try
        {
            Directory.CreateDirectory(reachRoot);
            File.SetUnixFileMode(reachRoot, DirectoryModes.TraverseOnly);
            Directory.CreateDirectory(mountPoint);

            // Left by a run that was killed: taken off, with anything mounted below it, and made afresh.
            VolumeMount.Unmount(mountPoint);
            if (VolumeCalls.Mount(directory, mountPoint, "none", MountBind, string.Empty) != 0
                || VolumeCalls.Mount("none", mountPoint, "none", MountPrivate, string.Empty) != 0)
            {
                var error = VolumeCalls.Describe(FileSystemCalls.LastError);
                VolumeMount.Unmount(mountPoint);
                problems.Add($"'{directory}' is below '{closed}', which other users cannot pass through (mode lacks o+x), and it cannot be bind-mounted at '{mountPoint}' for the sandboxes to reach: {error}.");
                return null;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or VolumeException)
        {
            problems.Add($"'{directory}' is below '{closed}', which other users cannot pass through, and '{mountPoint}' cannot be prepared for the sandboxes to reach it: {exception.Message}");
            return null;
        }

        mounts.Add(mountPoint);
        return mountPoint;
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..12];
}

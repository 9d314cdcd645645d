using Ash.Sandbox.Directories;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Native;

namespace Ash.Sandbox.Preflight;

/// <summary>
/// Checks at start-up that sandboxes can really be started, and says all that is wrong at once. The
/// server refuses to start rather than run agents unsandboxed.
/// </summary>
public static class SandboxPreflight
{
    public static IReadOnlyList<string> Check(SandboxOptions options, LimitEnforcement limits)
    {
        var problems = new List<string>();
        problems.AddRange(options.Limits.Validate());
        if (!Seccomp.SeccompProfile.IsAvailable(out var seccomp))
        {
            problems.Add($"The seccomp filter cannot be built: {seccomp} (apt-get install libseccomp2).");
        }

        if (limits.Cgroups is null && !options.AllowUnlimited)
        {
            problems.Add($"Resource limits cannot be enforced ({limits.Problem}). Run the server as root on a machine with cgroup v2 "
                + "(memory, pids and cpu controllers) or cgroup v1 hierarchies, or start it with --allow-unlimited true "
                + "(ASH_ALLOW_UNLIMITED=true) to run sandboxes without memory, process and CPU limits.");
        }

        problems.AddRange(options.Volumes.Validate());
        limits.Volumes.Probe();
        if (limits.Volumes.Enabled && !limits.Volumes.Active)
        {
            problems.Add($"Disk and inode quotas cannot be enforced ({limits.Volumes.Problem}). Run the server as root on a machine with loop "
                + "devices (modprobe loop), ext4 and mkfs.ext4 (apt-get install e2fsprogs), or start it with --disk-volumes false "
                + "(ASH_DISK_VOLUMES=false) to keep sessions' files on the host's file system with only a per-file size limit.");
        }

        if (LibC.GetEffectiveUserId() != 0)
        {
            problems.Add("The server must run as root to give each sandbox its own unprivileged uid (it never runs agents as root).");
        }

        RequireExecutable(problems, options.BwrapPath, "Ash:Sandbox:BwrapPath", "install bubblewrap (apt-get install bubblewrap)");
        RequireExecutable(problems, options.SetprivPath, "Ash:Sandbox:SetprivPath", "install util-linux");
        RequireExecutable(problems, options.PrlimitPath, "Ash:Sandbox:PrlimitPath", "install util-linux");
        RequireExecutable(problems, options.SocatPath, "Ash:Sandbox:SocatPath", "install socat (apt-get install socat)");

        if (string.IsNullOrEmpty(options.RuntimePath))
        {
            problems.Add("Ash:Sandbox:RuntimePath (ASH_CLAUDE_PATH) is not set: point it at the Claude Code CLI binary (./ash start installs it).");
        }
        else
        {
            RequireExecutable(problems, options.RuntimePath, "Ash:Sandbox:RuntimePath (ASH_CLAUDE_PATH)", "run scripts/install-deps.sh");
            RequireTraversable(problems, Path.GetDirectoryName(Path.GetFullPath(options.RuntimePath))!, "Ash:Sandbox:RuntimePath");
        }

        if (options.FirstUid < 1000)
        {
            problems.Add("Ash:Sandbox:FirstUid must be at least 1000.");
        }

        if (Path.Combine(options.SocketDirectory, Guid.Empty.ToString("N"), "model.sock").Length > 100)
        {
            problems.Add($"Ash:Sandbox:SocketDirectory '{options.SocketDirectory}' is too long for Unix socket paths; use a short directory such as /run/ash.");
        }

        Directory.CreateDirectory(options.SandboxesDirectory);
        RequireTraversable(problems, Path.GetFullPath(options.SandboxesDirectory), "the data directory (--data)");
        return problems;
    }

    private static void RequireExecutable(List<string> problems, string path, string key, string hint)
    {
        if (!File.Exists(path))
        {
            problems.Add($"{key}: '{path}' not found; {hint}.");
        }
        else if ((File.GetUnixFileMode(path) & UnixFileMode.OtherExecute) == 0)
        {
            problems.Add($"{key}: '{path}' is not executable by other users (sandbox uids need o+x).");
        }
    }

    /// <summary>bwrap runs as the sandbox uid and opens bind sources by path, so every ancestor needs o+x (see <see cref="SandboxReach"/>).</summary>
    private static void RequireTraversable(List<string> problems, string directory, string what)
    {
        if (SandboxReach.FirstClosedAncestor(directory) is { } closed)
        {
            problems.Add($"{what}: '{closed}' is not traversable by other users (mode lacks o+x), so sandbox uids cannot reach '{directory}'. Use a directory outside it or chmod o+x '{closed}'.");
        }
    }
}

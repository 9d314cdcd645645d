using Ash.Sandbox.Directories;

namespace Ash.Sandbox.Bubblewrap;

/// <summary>
/// The strict bubblewrap profile (sandbox-facts.md §2.2): every namespace unshared (so no network
/// but loopback), a new session (no TIOCSTI), no capabilities, no nested user namespaces, only /usr
/// read-only from the host, a synthesized /etc, private /tmp, fresh /proc and /dev, and the
/// session's own directories. Nothing else of the host (data dir, sockets, other sessions) exists inside.
/// </summary>
public static class BwrapArguments
{
    /// <param name="shareNetwork">The host's network (an agent whose ash.json asks for it on a server that allows it); otherwise loopback only.</param>
    public static List<string> Build(SessionDirectories directories, string runtimeDirectory, int uid, bool shareNetwork = false)
    {
        var uidText = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--cap-drop", "ALL",
            "--uid", uidText,
            "--gid", uidText,
            "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin",
            "--symlink", "usr/sbin", "/sbin",
            "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64",
            "--ro-bind", directories.Etc, "/etc",
            "--proc", "/proc",

            // Pid 1 is bwrap's own init, running as the sandbox uid: without these the agent could read and
            // write its memory (issue 12). Device nodes on bwrap's nodev binds cannot be opened at all, so
            // both paths to that memory answer EACCES; the agent cannot unmount them (no capabilities, and
            // seccomp refuses umount).
            "--ro-bind", "/dev/null", "/proc/1/mem",
            "--ro-bind", "/dev/null", "/proc/1/task/1/mem",
            "--dev", "/dev",
            "--tmpfs", "/tmp",
            "--bind", directories.Workspace, SandboxPaths.Workspace,
            "--bind", directories.Home, SandboxPaths.Home,
            "--ro-bind", runtimeDirectory, SandboxPaths.RuntimeDirectory,
            "--ro-bind", directories.Run, SandboxPaths.RunDirectory,
            "--remount-ro", "/",
            "--remount-ro", "/dev",
            "--chdir", SandboxPaths.Workspace,
        ];
        if (shareNetwork)
        {
            arguments.Insert(1, "--share-net");
        }

        return arguments;
    }
}

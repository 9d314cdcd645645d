using System.Diagnostics;
using System.Globalization;
using Ash.Sandbox.Native;
using Ash.Sandbox.Orphans;

namespace Ash.Sandbox.Launch;

/// <summary>
/// Kills one sandbox without looking at any other process on the host: a walk of the host's process
/// table (<c>Process.Kill(entireProcessTree: true)</c>) cost 55 ms with ~100 host processes and 370 ms
/// with 800 (issue 14). Every sandbox is its own pid namespace (bwrap <c>--unshare-pid</c>), and its
/// init is bwrap's only child: when a namespace's init dies the kernel kills everything else in it,
/// whatever it did to get away (<c>setsid</c>, a double fork). So: SIGKILL to that init, then to bwrap.
/// </summary>
internal static class SandboxKill
{
    /// <param name="bwrap">The outermost process of the sandbox (the launcher shell that execs setpriv, then bwrap).</param>
    /// <param name="startTime">
    /// Its start time from /proc (field 22), read right after it started, to tell it from a process that took over its pid
    /// once it was reaped. Null when it could not be read: then only the process itself is killed, and its namespace goes
    /// with it through bwrap's --die-with-parent.
    /// </param>
    public static void Kill(Process bwrap, long? startTime)
    {
        int pid;
        try
        {
            if (bwrap.HasExited)
            {
                return;
            }

            pid = bwrap.Id;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        // Before bwrap is exec'd (the launcher shell, setpriv) there is no child yet, and killing the process
        // is enough. The checks keep a pid the kernel has given to someone else from being signalled.
        if (startTime is { } known && ProcStat.StartTime(pid) == known)
        {
            foreach (var child in ChildrenOf(pid))
            {
                if (ProcStat.ParentPid(child) == pid)
                {
                    LibC.Kill(child, LibC.SigKill);
                }
            }
        }

        try
        {
            bwrap.Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    /// <summary>The kernel's list of a process's children (<c>/proc/PID/task/TID/children</c>, one file per thread).</summary>
    internal static List<int> ChildrenOf(int pid)
    {
        var children = new List<int>(1);
        var tasks = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task";
        try
        {
            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                foreach (var field in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Exited while we looked: its namespace is gone or going with it.
        }

        return children;
    }
}

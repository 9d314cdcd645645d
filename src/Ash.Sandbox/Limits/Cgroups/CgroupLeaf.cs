using System.Globalization;
using Ash.Sandbox.Native;

namespace Ash.Sandbox.Limits.Cgroups;

/// <summary>
/// One sandbox's cgroup (one directory on v2, one per controller on v1). The launcher writes its own
/// pid into every <see cref="ProcsFiles"/> entry before it execs bwrap, so nothing the sandbox forks
/// escapes the limits (sandbox-facts.md §3.3).
/// </summary>
public abstract class CgroupLeaf
{
    private const int KillRounds = 200;

    protected CgroupLeaf(string name) => Name = name;

    public string Name { get; }

    /// <summary>The <c>cgroup.procs</c> files a process writes its pid into to join this cgroup.</summary>
    public abstract IReadOnlyList<string> ProcsFiles { get; }

    public abstract CgroupCounters ReadCounters();

    /// <summary>Pids currently in the cgroup.</summary>
    public IReadOnlyList<int> Processes()
    {
        var pids = new List<int>();
        try
        {
            foreach (var line in File.ReadLines(ProcsFiles[0]))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    pids.Add(pid);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Removed already.
        }

        return pids;
    }

    /// <summary>
    /// SIGKILL to every process in the cgroup, once and without waiting for them to go (on the stop path:
    /// <see cref="KillAll"/> makes sure of it once the sandbox has exited). Costs what the sandbox holds, not the host.
    /// </summary>
    public virtual void SignalAll()
    {
        foreach (var pid in Processes())
        {
            LibC.Kill(pid, LibC.SigKill);
        }
    }

    /// <summary>Kills every process in the cgroup, including ones forked while it is being killed.</summary>
    public void KillAll()
    {
        if (TryKillAtOnce())
        {
            return;
        }

        for (var round = 0; round < KillRounds; round++)
        {
            var pids = Processes();
            if (pids.Count == 0)
            {
                return;
            }

            foreach (var pid in pids)
            {
                LibC.Kill(pid, LibC.SigKill);
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>
    /// Stops every process in the cgroup (SIGSTOP, repeated until no new one appears), so the tree they
    /// work in holds still; <see cref="Thaw"/> lets them go on.
    /// </summary>
    public void Freeze()
    {
        var stopped = new HashSet<int>();
        for (var round = 0; round < KillRounds; round++)
        {
            var fresh = Processes().Where(stopped.Add).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            foreach (var pid in fresh)
            {
                LibC.Kill(pid, LibC.SigStop);
            }
        }
    }

    public void Thaw()
    {
        foreach (var pid in Processes())
        {
            LibC.Kill(pid, LibC.SigCont);
        }
    }

    /// <summary>Removes the cgroup once it is empty (kills what is left first). False while the kernel still holds tasks.</summary>
    public bool TryRemove()
    {
        KillAll();
        var removed = true;
        foreach (var directory in Directories)
        {
            for (var attempt = 0; attempt < 50 && Directory.Exists(directory); attempt++)
            {
                try
                {
                    Directory.Delete(directory);
                }
                catch (IOException)
                {
                    // Tasks that were just killed are still exiting.
                    Thread.Sleep(10);
                }
            }

            removed &= !Directory.Exists(directory);
        }

        return removed;
    }

    protected abstract IReadOnlyList<string> Directories { get; }

    /// <summary>cgroup v2's <c>cgroup.kill</c>, which also catches racing forks; false where there is none.</summary>
    protected virtual bool TryKillAtOnce() => false;
}

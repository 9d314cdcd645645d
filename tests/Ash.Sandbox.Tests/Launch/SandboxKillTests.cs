using System.Diagnostics;
using System.Globalization;
using Ash.Sandbox.Launch;
using Ash.Sandbox.Orphans;
using Ash.Testing.Common;

namespace Ash.Sandbox.Tests.Launch;

/// <summary>
/// <see cref="SandboxKill"/> against real bwrap sandboxes started without <c>--die-with-parent</c>, so that
/// killing bwrap alone would leave its namespace running: what dies, dies through the namespace's init.
/// </summary>
public sealed class SandboxKillTests
{
    private const int Uid = 299_002;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // bwrap is forked from one long-lived thread, as the server does (sandbox-facts.md §0.6).
    private static readonly ProcessSpawner Spawner = new();

    [Fact]
    public async Task Kill_TakesTheWholeNamespace_DetachedChildAndSetsidGrandchildIncluded()
    {
        var marker = "ash-kill-test-" + Guid.NewGuid().ToString("N")[..12];
        using var bwrap = await StartAsync(marker);
        var inside = await WaitForAsync(marker, count: 2);

        SandboxKill.Kill(bwrap, ProcStat.StartTime(bwrap.Id));
        await bwrap.WaitForExitAsync(new CancellationTokenSource(Patience).Token);

        // The kernel kills the namespace's processes as its init dies, each a moment later on a busy machine;
        // untouched, they would live for the 300 s they sleep.
        await Eventually.TrueAsync(
            () => Task.FromResult(Alive(inside).Count == 0 && WithMarker(marker).Count == 0),
            () => $"the namespace's processes to die (still alive: [{string.Join(", ", Alive(inside).Union(WithMarker(marker)))}])",
            Patience);

        Assert.Empty(Alive(inside));
        Assert.Empty(WithMarker(marker));
    }

    [Fact]
    public async Task Kill_WithAStartTimeThatIsNotThisProcesss_SignalsBwrapOnly()
    {
        var marker = "ash-kill-test-" + Guid.NewGuid().ToString("N")[..12];
        using var bwrap = await StartAsync(marker);
        var inside = await WaitForAsync(marker, count: 2);
        var startTime = ProcStat.StartTime(bwrap.Id)!.Value;
        var init = Assert.Single(SandboxKill.ChildrenOf(bwrap.Id));
        try
        {
            SandboxKill.Kill(bwrap, startTime + 1);
            await bwrap.WaitForExitAsync(new CancellationTokenSource(Patience).Token);

            Assert.Equal(inside, Alive(inside));
        }
        finally
        {
            // The namespace's init, and with it everything in the namespace.
            Process.GetProcessById(init).Kill();
        }
    }

    /// <summary>
    /// A sandbox like the server's (own uid, every namespace unshared) whose command leaves a double-forked
    /// child and a grandchild in a session of its own that ignores the polite signals, then waits.
    /// </summary>
    private static async Task<Process> StartAsync(string marker)
    {
        var uid = Uid.ToString(CultureInfo.InvariantCulture);
        var startInfo = new ProcessStartInfo("/usr/bin/setpriv")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        string[] arguments =
        [
            $"--reuid={uid}", $"--regid={uid}", "--clear-groups",
            "/usr/bin/bwrap", "--unshare-all", "--new-session",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--proc", "/proc", "--dev", "/dev",
            "--", "/bin/bash", "-c",
            $"(exec -a {marker}-child sleep 300 </dev/null >/dev/null 2>&1 &)\n" +
            $"setsid bash -c 'trap \"\" TERM HUP INT; exec -a {marker}-grandchild sleep 300' </dev/null >/dev/null 2>&1 &\n" +
            "exec sleep 300",
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return await Spawner.StartAsync(startInfo);
    }

    private static async Task<List<int>> WaitForAsync(string marker, int count)
    {
        List<int> found = [];
        await Eventually.TrueAsync(() => (found = WithMarker(marker)).Count >= count, $"the sandbox to start its {count} processes", Patience);
        return found;
    }

    private static List<int> Alive(List<int> pids) =>
        pids.Where(pid => ProcStat.StartTime(pid) is not null && !IsZombie(pid)).ToList();

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Host pids whose name (argv[0]) starts with the marker: the sandbox's two, not bwrap, whose arguments hold it too.</summary>
    private static List<int> WithMarker(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cmdline")).StartsWith(marker, StringComparison.Ordinal) && !IsZombie(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone while we looked.
            }
        }

        found.Sort();
        return found;
    }
}

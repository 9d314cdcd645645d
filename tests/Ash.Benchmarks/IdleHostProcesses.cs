using System.Diagnostics;
using System.Globalization;

namespace Ash.Benchmarks;

/// <summary>
/// Idle processes on the host beside the server, so a kill that walks every process on the host shows its
/// cost (issue 14: 55 ms with ~100 host processes, 370 ms with 800). They belong to one shell in a session
/// of its own, not to the server: a server's own children would cost it in .NET's child reaping instead,
/// which is not what a busy host looks like.
/// </summary>
internal sealed class IdleHostProcesses : IDisposable
{
    // On SIGTERM the shell takes its whole process group (itself and every sleep) with it.
    private const string Script =
        "trap 'trap - TERM; kill 0' TERM\n" +
        "i=0; while [ \"$i\" -lt \"$1\" ]; do sleep 3600 & i=$((i + 1)); done\n" +
        "echo started\n" +
        "wait\n";

    private readonly Process? _shell;

    private IdleHostProcesses(Process? shell) => _shell = shell;

    public static IdleHostProcesses Start(int count)
    {
        if (count == 0)
        {
            return new IdleHostProcesses(null);
        }

        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "/bin/sh", "-c", Script, "idle", count.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var shell = Process.Start(startInfo)!;
        if (shell.StandardOutput.ReadLine() != "started")
        {
            throw new InvalidOperationException("the idle host processes did not start");
        }

        return new IdleHostProcesses(shell);
    }

    public void Dispose()
    {
        if (_shell is null)
        {
            return;
        }

        Process.Start("kill", ["-TERM", _shell.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExit();
        _shell.WaitForExit();
        _shell.Dispose();
    }
}

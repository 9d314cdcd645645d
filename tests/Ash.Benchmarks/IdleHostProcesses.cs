using System.Diagnostics;

namespace Ash.Benchmarks;

/// <summary>
/// Idle processes started beside the server, so a kill that walks every process on the host shows
/// its cost (issue 14: 55 ms with ~100 host processes, 370 ms with 800).
/// </summary>
internal sealed class IdleHostProcesses : IDisposable
{
    private readonly List<Process> _processes;

    private IdleHostProcesses(List<Process> processes) => _processes = processes;

    public int Count => _processes.Count;

    public static IdleHostProcesses Start(int count)
    {
        var processes = new List<Process>(count);
        for (var i = 0; i < count; i++)
        {
            processes.Add(Process.Start(new ProcessStartInfo("sleep", "3600") { UseShellExecute = false })!);
        }

        return new IdleHostProcesses(processes);
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Gone already.
            }

            process.Dispose();
        }
    }
}

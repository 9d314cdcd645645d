using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ash.Sandbox.Launch;

/// <summary>
/// Starts sandbox processes from one long-lived thread. bwrap's --die-with-parent is bound to the
/// thread that forked it (PR_SET_PDEATHSIG, sandbox-facts.md §0.6); a thread-pool thread can retire
/// and take every sandbox it started with it.
/// </summary>
public sealed class ProcessSpawner : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo StartInfo, TaskCompletionSource<Process> Started)> _requests = new();
    private readonly Thread _thread;

    public ProcessSpawner()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "ash-sandbox-spawner" };
        _thread.Start();
    }

    public Task<Process> StartAsync(ProcessStartInfo startInfo)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((startInfo, started));
        return started.Task;
    }

    public void Dispose()
    {
        _requests.CompleteAdding();
        _thread.Join();
        _requests.Dispose();
    }

    private void Run()
    {
        foreach (var (startInfo, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"'{startInfo.FileName}' did not start");
                started.SetResult(process);
            }
            catch (Exception exception)
            {
                started.SetException(exception);
            }
        }
    }
}

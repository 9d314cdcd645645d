using System.Collections.Concurrent;

namespace Ash.Testing.DaprSidecar;

/// <summary>
/// Every loop and delayed task of the mesh: started here, stopped by one token, awaited on shutdown. A loop
/// that dies of an unexpected exception is recorded and rethrown when the mesh stops, so tests see it.
/// </summary>
internal sealed class BackgroundWork
{
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<Task, bool> running = new();
    private readonly ConcurrentQueue<Exception> faults = new();

    public CancellationToken Stopping => stopping.Token;

    public void Run(Func<CancellationToken, Task> work)
    {
        var task = Task.Run(() => RunObservedAsync(work));
        running.TryAdd(task, true);
        if (task.IsCompleted)
        {
            running.TryRemove(task, out _);
        }
        else
        {
            task.ContinueWith(finished => running.TryRemove(finished, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        while (!running.IsEmpty)
        {
            await Task.WhenAll(running.Keys);
        }

        stopping.Dispose();
        if (!faults.IsEmpty)
        {
            throw new AggregateException("The Dapr stand-in's background work failed", faults);
        }
    }

    private async Task RunObservedAsync(Func<CancellationToken, Task> work)
    {
        try
        {
            await work(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception exception)
        {
            faults.Enqueue(exception);
        }
    }
}

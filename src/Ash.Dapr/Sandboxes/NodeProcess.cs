using Ash.Core.Sandboxes;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// A process a sandbox host runs for a remote session: its output is kept in numbered batches until the
/// session's app acknowledges them (by reading after them), so a lost answer is read again, never lost.
/// At most <see cref="MaxPending"/> batches wait; beyond that the agent's stdout is no longer read, which
/// holds it back exactly as a slow reader would on one machine.
/// </summary>
internal sealed class NodeProcess
{
    private const int MaxPending = 64;

    private readonly Lock _lock = new();
    private readonly List<OutputBatch> _pending = [];
    private readonly SemaphoreSlim _room = new(MaxPending, MaxPending);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _next = 1;
    private bool _outputDone;

    public NodeProcess(long generation, ISandboxProcess process)
    {
        Generation = generation;
        Process = process;
        Pump = PumpAsync();
    }

    public long Generation { get; }

    public ISandboxProcess Process { get; }

    public Task Pump { get; }

    public async Task<ReadAnswer> ReadAsync(long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_lock)
        {
            Acknowledge(after);
            if (TryAnswer() is { } ready)
            {
                return ready;
            }

            changed = _changed.Task;
        }

        await Task.WhenAny(changed, Task.Delay(wait, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return TryAnswer() ?? new ReadAnswer([], Process.TakeLimitHits(), null, false);
        }
    }

    private ReadAnswer? TryAnswer()
    {
        if (_pending.Count > 0)
        {
            return new ReadAnswer([.. _pending], Process.TakeLimitHits(), null, false);
        }

        return _outputDone && Process.Exited.IsCompleted
            ? new ReadAnswer([], Process.TakeLimitHits(), Process.Exited.Result, false)
            : null;
    }

    private void Acknowledge(long after)
    {
        var removed = _pending.RemoveAll(batch => batch.Index <= after);
        if (removed > 0)
        {
            _room.Release(removed);
        }
    }

    private async Task PumpAsync()
    {
        await foreach (var output in Process.Output.ReadAllAsync())
        {
            await _room.WaitAsync();
            lock (_lock)
            {
                _pending.Add(new OutputBatch(_next++, output.Lines, output.LineTooLong));
                Signal();
            }
        }

        // The exit is reported once the output is drained and the process reaped.
        await Process.Exited;
        lock (_lock)
        {
            _outputDone = true;
            Signal();
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}

namespace Ash.Sandbox.Limits;

/// <summary>
/// Enforces a session's disk quota while its sandbox runs. No single file can outgrow the quota (the
/// launcher sets RLIMIT_FSIZE); the sum of all files is counted every <see cref="Interval"/> and at
/// each turn's end, and a sandbox over its quota is killed. So the quota can be overshot by what the
/// agent writes between two counts, never by more.
/// </summary>
internal sealed class DiskQuotaWatch : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly string[] _roots;
    private readonly long _quota;
    private readonly Func<Task> _exceeded;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _tripped;

    public DiskQuotaWatch(long quota, Func<Task> exceeded, params string[] roots)
    {
        _quota = quota;
        _exceeded = exceeded;
        _roots = roots;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Bytes in use at the last count.</summary>
    public long LastUsage { get; private set; }

    public bool Tripped => Volatile.Read(ref _tripped) == 1;

    /// <summary>Counts now; kills the sandbox when over the quota. True when over.</summary>
    public async Task<bool> CheckAsync()
    {
        LastUsage = DiskUsage.Of(_roots);
        if (LastUsage <= _quota)
        {
            return false;
        }

        if (Interlocked.Exchange(ref _tripped, 1) == 0)
        {
            await _exceeded();
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (await CheckAsync())
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The sandbox is gone.
        }
    }
}

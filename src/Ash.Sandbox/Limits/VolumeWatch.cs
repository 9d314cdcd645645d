using Ash.Core.Sandboxes;
using Ash.Sandbox.Volumes;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Limits;

/// <summary>
/// Notices when a running sandbox's volume is full, for the <c>resource_limit</c> event (the kernel
/// itself enforces the quota: writes get ENOSPC). One statvfs every <see cref="Interval"/> while the
/// sandbox runs, and one more when a turn ends: the cost is the same whatever the volume holds, where the
/// walk it replaces cost a core for 300,000 files (issue 12). A volume that fills and is emptied again
/// within one interval, in the middle of a turn, can go unreported. A look that fails while the sandbox runs is
/// logged (once until one succeeds again) and tried again at the next tick; it used to be dropped unseen.
/// </summary>
internal sealed class VolumeWatch : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly string _mountPoint;
    private readonly VolumeFullLatch _latch;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>1 from a failed look until one succeeds.</summary>
    private int _failing;

    public VolumeWatch(string mountPoint, long diskBytes, long maxFiles, TimeProvider time, ILogger logger)
    {
        _mountPoint = mountPoint;
        _latch = new VolumeFullLatch(diskBytes, maxFiles);
        _logger = logger;
        _loop = LoopAsync(time);
    }

    /// <summary>Looks once more, then returns what filled up since the last call.</summary>
    public List<LimitHit> TakeHits()
    {
        Look();
        return _latch.Take();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>Never throws: the loop and the turn's last look go on without this reading.</summary>
    private void Look()
    {
        try
        {
            _latch.Observe(VolumeUsage.Read(_mountPoint));
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                VolumeLog.WatchRecovered(_logger, _mountPoint);
            }
        }
        catch (IOException) when (_stop.IsCancellationRequested)
        {
            // Unmounted once the sandbox ended: nothing more to notice.
        }
        catch (Exception exception)
        {
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                VolumeLog.WatchFailed(_logger, _mountPoint, exception);
            }
        }
    }

    private async Task LoopAsync(TimeProvider time)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Look();
            }
        }
        catch (OperationCanceledException)
        {
            // The sandbox is gone.
        }
    }
}

/// <summary>
/// Turns statvfs readings into limit hits: one <c>disk</c> hit each time the volume goes from having room
/// to being full (<see cref="FullBelow"/> or less left for writers), one <c>inodes</c> hit each time
/// its free inodes go to zero. A volume that stays full is reported once; emptied and filled again, again.
/// </summary>
internal sealed class VolumeFullLatch(long diskBytes, long maxFiles)
{
    private readonly long _fullBelow = FullBelow(diskBytes);

    private readonly Lock _lock = new();
    private bool _diskFull;
    private bool _inodesFull;
    private LimitHit? _diskHit;
    private LimitHit? _inodesHit;

    public void Observe(VolumeUsage usage)
    {
        lock (_lock)
        {
            var diskFull = usage.AvailableBytes <= _fullBelow;
            if (diskFull && !_diskFull)
            {
                var used = Math.Max(0, diskBytes - usage.AvailableBytes);
                _diskHit = new LimitHit(LimitHit.Disk, diskBytes, used,
                    $"The session's files filled its disk quota ({diskBytes / ResourceLimits.MiB} MiB): writes fail with 'No space left on device' until files are deleted");
            }

            var inodesFull = usage.FreeFiles <= 0;
            if (inodesFull && !_inodesFull)
            {
                _inodesHit = new LimitHit(LimitHit.Inodes, maxFiles, maxFiles,
                    $"The session's files reached their file limit ({maxFiles} files and directories): creating more fails with 'No space left on device' until some are deleted");
            }

            _diskFull = diskFull;
            _inodesFull = inodesFull;
        }
    }

    /// <summary>
    /// When a volume counts as full: less than 2% of it left, at least 3 MiB and at most 16 MiB. ENOSPC does not
    /// wait for the last block: a buffered write reserves a whole page-cache folio at once (up to 2 MiB), and
    /// ext4 gives back blocks it preallocated for a writer when the file is closed. Seen here: 1 MiB of a
    /// 64 MiB volume still free after one dd hit ENOSPC, 650 KiB after 8 writers did.
    /// </summary>
    public static long FullBelow(long diskBytes) => Math.Clamp(diskBytes / 50, 3 * ResourceLimits.MiB, 16 * ResourceLimits.MiB);

    public List<LimitHit> Take()
    {
        lock (_lock)
        {
            var hits = new List<LimitHit>(2);
            if (_diskHit is { } disk)
            {
                hits.Add(disk);
                _diskHit = null;
            }

            if (_inodesHit is { } inodes)
            {
                hits.Add(inodes);
                _inodesHit = null;
            }

            return hits;
        }
    }
}

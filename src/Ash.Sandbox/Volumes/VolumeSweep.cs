using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// Unmounts volumes that have been idle for <see cref="VolumeOptions.IdleUnmount"/>, so mounts and loop
/// devices follow the sessions in use (a few syscalls per volume; nothing is read from the volumes).
/// </summary>
public sealed class VolumeSweep(SessionVolumes volumes, TimeProvider time, ILogger<VolumeSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!volumes.Enabled)
        {
            return;
        }

        var idle = volumes.Options.IdleUnmount;
        var interval = TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 2, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    // The last unmount of a volume writes back what is dirty in it: on a thread of its own, never the thread pool's.
                    var count = await Task.Factory.StartNew(() => volumes.UnmountIdle(idle), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                    if (count > 0)
                    {
                        VolumeLog.IdleUnmounted(logger, count);
                    }
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or VolumeException)
                {
                    VolumeLog.SweepFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: SessionVolumes unmounts what is left when it is disposed.
        }
    }
}

using System.Collections.Concurrent;
using Ash.Sandbox.Limits;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// Keeps <see cref="VolumeOptions.PoolSize"/> volumes of the server's default profile ready in the
/// background: copied from the template, attached to a loop device and mounted under
/// <c>volume-pool/</c>. Creating a session takes one: its image is renamed into the session directory and
/// its mount moved into place (MS_MOVE, ~10 µs), where attaching and mounting cost 2-25 ms on the 2-core
/// machine (the kernel registers the device and starts the journal's thread), the bulk of a create
/// (DESIGN.md §8). Other profiles are mounted when needed. Pooled volumes are unmounted and removed when
/// the server stops; a killed server's are removed by the next start.
/// </summary>
public sealed class VolumePool : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<PooledVolume> _ready = new();
    private readonly ConcurrentQueue<string> _retired = new();
    private readonly SemaphoreSlim _taken = new(0);
    private readonly VolumeSupport _support;
    private readonly TimeProvider _time;
    private readonly ILogger<VolumePool> _logger;
    private int _disposed;

    public VolumePool(LimitEnforcement limits, TimeProvider time, ILogger<VolumePool> logger)
    {
        _support = limits.Volumes;
        _time = time;
        _logger = logger;
        Profile = new VolumeProfile(limits.Defaults.DiskMb * Core.Sandboxes.ResourceLimits.MiB, limits.Defaults.MaxFiles);
    }

    /// <summary>The profile pooled volumes have: the server's default limits.</summary>
    public VolumeProfile Profile { get; }

    public int Count => _ready.Count;

    private int Size => _support.Active ? _support.Options.PoolSize : 0;

    private string Directory => _support.PoolDirectory;

    /// <summary>A ready volume of <paramref name="profile"/>, now the caller's to move into place; null when there is none.</summary>
    internal PooledVolume? TryTake(VolumeProfile profile)
    {
        if (profile != Profile || !_ready.TryDequeue(out var volume))
        {
            return null;
        }

        _taken.Release();
        return volume;
    }

    /// <summary>
    /// The empty directory a taken volume was mounted on, removed by the pool's loop: rmdir of a former
    /// mount point takes the kernel's mount lock, which sandboxes starting meanwhile hold for milliseconds,
    /// and a create must not wait for that.
    /// </summary>
    internal void Retire(string mountPoint) => _retired.Enqueue(mountPoint);

    /// <summary>A pooled volume that could not be moved into place: unmounted, its image removed.</summary>
    internal static void Discard(PooledVolume volume)
    {
        VolumeMount.Unmount(volume.MountPoint);
        if (System.IO.Directory.Exists(volume.MountPoint) && !VolumeCalls.IsMountRoot(volume.MountPoint))
        {
            System.IO.Directory.Delete(volume.MountPoint);
        }

        File.Delete(volume.Image);
    }

    /// <summary>
    /// Runs on a thread of its own: attaching and mounting block in the kernel for milliseconds at a time,
    /// and on the thread pool of a 2-core machine that delayed requests by hundreds of milliseconds.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Size == 0
            ? Task.CompletedTask
            : Task.Factory.StartNew(() => Fill(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Fill(CancellationToken stoppingToken)
    {
        try
        {
            Prepare();
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    while (_retired.TryDequeue(out var retired))
                    {
                        System.IO.Directory.Delete(retired);
                    }

                    while (_ready.Count < Size && !stoppingToken.IsCancellationRequested)
                    {
                        FillOne(stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is VolumeException or IOException or UnauthorizedAccessException)
                {
                    // Sessions mount their volumes themselves meanwhile (slower, and failing the same way if the host is out of loop devices).
                    VolumeLog.PoolFillFailed(_logger, exception.Message);
                    Task.Delay(RetryAfterFailure, _time, stoppingToken).GetAwaiter().GetResult();
                    continue;
                }

                _taken.Wait(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: Dispose unmounts what is ready.
        }
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        base.Dispose();
        while (_ready.TryDequeue(out var volume))
        {
            Discard(volume);
        }

        if (System.IO.Directory.Exists(Directory))
        {
            VolumeMount.Unmount(Directory);
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    /// <summary>
    /// Clears what a killed run left (its pooled mounts, its images), and makes the directory a private
    /// mount when the one holding it has shared propagation (systemd's default for /), which MS_MOVE refuses.
    /// </summary>
    private void Prepare()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var mountPoint in MountTable.Below(VolumeCalls.Canonical(Directory) ?? Directory))
            {
                VolumeMount.Unmount(mountPoint);
            }

            VolumeMount.Unmount(Directory);
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (MountTable.IsShared(VolumeCalls.Canonical(Directory) ?? Directory))
        {
            VolumeMount.MakePrivate(Directory);
        }
    }

    private void FillOne(CancellationToken cancellationToken)
    {
        _support.Templates!.EnsureAsync(Profile, cancellationToken).GetAwaiter().GetResult();
        var name = Guid.NewGuid().ToString("N");
        var volume = new PooledVolume(Path.Combine(Directory, name + ".img"), Path.Combine(Directory, name));
        try
        {
            _support.Templates.CreateImage(Profile, volume.Image);
            System.IO.Directory.CreateDirectory(volume.MountPoint);
            using (var loop = _support.Loops!.Attach(volume.Image))
            {
                VolumeMount.Mount(loop.Path, volume.MountPoint);
            }
        }
        catch
        {
            Discard(volume);
            throw;
        }

        if (Volatile.Read(ref _disposed) == 1)
        {
            Discard(volume);
            return;
        }

        _ready.Enqueue(volume);
    }
}

/// <summary>A ready volume: its image and where it is mounted, both in the pool's directory.</summary>
internal sealed record PooledVolume(string Image, string MountPoint);

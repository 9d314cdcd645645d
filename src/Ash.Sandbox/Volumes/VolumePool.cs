using System.Collections.Concurrent;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Limits;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// Keeps <see cref="VolumeOptions.PoolSize"/> session directories with a volume of the server's default
/// profile ready in the background, under <c>&lt;sandboxes&gt;/.volume-pool/</c>: the image copied from the template and
/// attached to a loop device, its profile, and the volume mounted at <c>volume/</c>. Creating a session
/// renames one such directory into place (one rename on the host file system: a mount below a renamed
/// directory moves with it), where attaching and mounting cost 2-25 ms on the 2-core machine (the kernel
/// registers the device and starts the journal's thread) and any mount operation waits for the kernel's
/// one mount lock, which every sandbox starting meanwhile takes (measured: a mount move of ~10 µs took up
/// to 116 ms during a burst of creates). Other profiles are mounted when needed. Ready directories are
/// unmounted and removed when the server stops; a killed server's, by the next start.
/// </summary>
public sealed class VolumePool : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<PooledVolume> _ready = new();

    /// <summary>Orders a volume made ready against <see cref="Dispose"/>: none is queued after it drained the queue.</summary>
    private readonly Lock _readyLock = new();
    private readonly SemaphoreSlim _taken = new(0);
    private readonly VolumeSupport _support;
    private readonly TimeProvider _time;
    private readonly ILogger<VolumePool> _logger;
    private bool _disposed;

    public VolumePool(LimitEnforcement limits, TimeProvider time, ILogger<VolumePool> logger)
    {
        _support = limits.Volumes;
        _time = time;
        _logger = logger;
        Profile = _support.DefaultProfile;
    }

    /// <summary>The profile pooled volumes have: the server's default limits.</summary>
    public VolumeProfile Profile { get; }

    public int Count => _ready.Count;

    private int Size => _support.Active ? _support.Options.PoolSize : 0;

    private string Directory => _support.PoolDirectory;

    /// <summary>A ready session directory of <paramref name="profile"/>, now the caller's to rename into place; null when there is none.</summary>
    internal PooledVolume? TryTake(VolumeProfile profile)
    {
        if (profile != Profile || !_ready.TryDequeue(out var volume))
        {
            return null;
        }

        _taken.Release();
        return volume;
    }

    /// <summary>A ready directory that could not be used: its volume unmounted, the directory removed.</summary>
    internal static void Discard(PooledVolume volume)
    {
        VolumeMount.Unmount(volume.MountPoint);
        if (System.IO.Directory.Exists(volume.Directory) && !MountTable.IsMountRoot(volume.MountPoint))
        {
            System.IO.Directory.Delete(volume.Directory, recursive: true);
        }
    }

    /// <summary>
    /// Runs on a thread of its own: attaching and mounting block in the kernel for milliseconds at a time,
    /// and on the thread pool of a 2-core machine that delayed requests by hundreds of milliseconds.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _support.Active
            ? Task.Factory.StartNew(() => Fill(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.CompletedTask;

    public override void Dispose()
    {
        lock (_readyLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        base.Dispose();
        while (_ready.TryDequeue(out var volume))
        {
            Discard(volume);
        }

        // Never a recursive delete across a mount still in place (one being made as the server stops): the next start clears it.
        if (System.IO.Directory.Exists(Directory) && MountTable.Below(VolumeCalls.Canonical(Directory) ?? Directory).Count == 0)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private void Fill(CancellationToken stoppingToken)
    {
        try
        {
            // Also with no pool: a server killed mid-probe left its probe's mount here (VolumeSupport.Probe).
            ClearLeftovers();
            while (!stoppingToken.IsCancellationRequested && Size > 0)
            {
                try
                {
                    while (_ready.Count < Size && !stoppingToken.IsCancellationRequested)
                    {
                        FillOne(stoppingToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Whatever failed, the server goes on: sessions mount their volumes themselves meanwhile (slower, and
                    // failing the same way if the host is out of loop devices). A fault here would stop the host.
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

    /// <summary>What a killed run left ready (and a probe's leftovers): volumes detached, directories removed.</summary>
    private void ClearLeftovers()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                foreach (var mountPoint in MountTable.Below(VolumeCalls.Canonical(Directory) ?? Directory))
                {
                    VolumeMount.Unmount(mountPoint);
                }

                System.IO.Directory.Delete(Directory, recursive: true);
            }

            System.IO.Directory.CreateDirectory(Directory);
            File.SetUnixFileMode(Directory, DirectoryModes.OwnerOnly);
        }
        catch (Exception exception) when (exception is VolumeException or IOException or UnauthorizedAccessException)
        {
            VolumeLog.PoolFillFailed(_logger, exception.Message);
        }
    }

    private void FillOne(CancellationToken cancellationToken)
    {
        _support.Templates!.EnsureAsync(Profile, cancellationToken).GetAwaiter().GetResult();
        var volume = new PooledVolume(Path.Combine(Directory, Guid.NewGuid().ToString("N")));
        try
        {
            System.IO.Directory.CreateDirectory(volume.Directory);
            File.SetUnixFileMode(volume.Directory, DirectoryModes.TraverseOnly);
            _support.Templates.CreateImage(Profile, volume.Image);
            Profile.Write(volume.Profile);
            System.IO.Directory.CreateDirectory(volume.MountPoint);
            using (var loop = _support.Loops!.Attach(volume.Image))
            {
                VolumeMount.Mount(loop.Path, volume.MountPoint);
            }

            // Makes the kernel read the first block group's bitmaps and inode table now, through the loop device,
            // instead of while a create copies the agent's folder in (each read is a hop through the loop's worker).
            System.IO.Directory.CreateDirectory(Path.Combine(volume.MountPoint, "home"));
        }
        catch
        {
            Discard(volume);
            throw;
        }

        lock (_readyLock)
        {
            if (!_disposed)
            {
                _ready.Enqueue(volume);
                return;
            }
        }

        Discard(volume);
    }
}

/// <summary>A ready session directory in the pool: the same layout as a session's (<see cref="Directories.SessionDirectories"/>).</summary>
internal sealed record PooledVolume(string Directory)
{
    public string Image => Path.Combine(Directory, "volume.img");

    public string Profile => Path.Combine(Directory, "volume.profile");

    public string MountPoint => Path.Combine(Directory, "volume");
}

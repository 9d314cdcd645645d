using System.Collections.Concurrent;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Limits;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// Each session's writable files (workspace and home) on a file system of its own: an ext4 image
/// (<c>volume.img</c>, a sparse copy of a pre-formatted template) on an autoclear loop device, mounted
/// nosuid,nodev at <c>volume/</c>. Its size and inode count are the session's <c>diskMb</c> and
/// <c>maxFiles</c>, so the kernel answers ENOSPC at the limit and nothing walks the tree to count it (issue 12).
/// <para>
/// A volume is mounted on first use (create, start, fork, a file request, exec) and stays mounted while a
/// <see cref="VolumeLease"/> holds it; idle volumes are unmounted by <see cref="VolumeSweep"/>, so mounts
/// and loop devices follow the sessions in use, not the sessions stored. Mounting again after a restart, a
/// reboot or an idle unmount is the same operation. With volumes switched off the same paths are plain
/// directories on the host's file system.
/// </para>
/// </summary>
public sealed class SessionVolumes : IDisposable
{
    /// <summary>How long shutdown waits for a volume whose mount is in flight; that operation then unmounts it itself.</summary>
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Volume> _volumes = new();
    private readonly VolumeSupport _support;
    private readonly VolumePool _pool;
    private readonly string _sandboxesDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionVolumes> _logger;
    private int _mounted;
    private int _disposed;

    public SessionVolumes(IOptions<SandboxOptions> options, LimitEnforcement limits, VolumePool pool, TimeProvider time, ILogger<SessionVolumes> logger)
    {
        _support = limits.Volumes;
        _pool = pool;
        _sandboxesDirectory = Path.GetFullPath(options.Value.SandboxesDirectory);
        _time = time;
        _logger = logger;
    }

    /// <summary>Sessions' files are on volumes (false: the explicit opt-out, plain directories).</summary>
    public bool Enabled => _support.Active;

    public int MountedCount => Volatile.Read(ref _mounted);

    public VolumeOptions Options => _support.Options;

    /// <summary>
    /// For a sandbox: mounts the session's volume and holds it until the lease is disposed. A session without
    /// one gets one made with <paramref name="agent"/>, the agent's resolved limits (the session directory too);
    /// files from before volumes are moved into one fitted to them (<see cref="LegacyFiles.Fit"/>).
    /// </summary>
    public async Task<VolumeLease> OpenAsync(SessionDirectories directories, VolumeProfile agent, CancellationToken cancellationToken) =>
        await OpenCoreAsync(directories, agent, cancellationToken) ?? throw new InvalidOperationException("a volume with a profile is always made");

    /// <summary>
    /// For everything but a sandbox (file requests, the parent of a fork): the session's files, or null when it
    /// has none here. Files from before volumes are used where they are: what the agent's limits are is known to
    /// a sandbox start alone, so only it moves them into a volume.
    /// </summary>
    public Task<VolumeLease?> OpenExistingAsync(SessionDirectories directories, CancellationToken cancellationToken) =>
        OpenCoreAsync(directories, null, cancellationToken);

    /// <summary>True while the session has files on this host (a volume image, or files from before volumes).</summary>
    public bool HasFiles(SessionDirectories directories) =>
        Enabled
            ? File.Exists(directories.VolumeImage) || LegacyFiles.Find(directories) is not null
            : Directory.Exists(directories.Workspace) || Directory.Exists(directories.LegacyWorkspace);

    /// <summary>Unmounts the session's volume (whoever still uses it) and removes its image; the caller removes the rest of its directory.</summary>
    public async Task DeleteAsync(SessionDirectories directories, CancellationToken cancellationToken)
    {
        var sessionId = directories.SessionId;
        if (!Enabled)
        {
            return;
        }

        while (true)
        {
            var volume = _volumes.GetOrAdd(sessionId, id => new Volume(id));
            await volume.Gate.WaitAsync(cancellationToken);
            try
            {
                if (volume.Retired)
                {
                    continue;
                }

                // The image first: from then on the session has no files here, even while the unmount runs.
                File.Delete(directories.VolumeImage);
                File.Delete(LegacyFiles.MigratingImage(directories));
                await OnOwnThread(() => UnmountLocked(volume, directories.Volume), cancellationToken);
                volume.Retired = true;
                _volumes.TryRemove(new KeyValuePair<Guid, Volume>(sessionId, volume));
                return;
            }
            finally
            {
                volume.Gate.Release();
            }
        }
    }

    /// <summary>Unmounts volumes nothing has held for <paramref name="idleFor"/>; skips any that is busy right now. Returns how many. Blocks: call it on a thread of its own.</summary>
    public int UnmountIdle(TimeSpan idleFor)
    {
        var cutoff = _time.GetUtcNow().UtcTicks - idleFor.Ticks;
        var unmounted = 0;
        foreach (var (sessionId, volume) in _volumes)
        {
            if (!volume.Gate.Wait(0))
            {
                continue;
            }

            try
            {
                if (Volatile.Read(ref volume.Leases) > 0 || volume.Retired)
                {
                    continue;
                }

                if (volume.Mounted && volume.LastUsedTicks <= cutoff)
                {
                    UnmountLocked(volume, Directories(sessionId).Volume);
                    unmounted++;
                }

                if (!volume.Mounted)
                {
                    // Forgotten until next used: the table holds volumes in use, not every session ever seen.
                    volume.Retired = true;
                    _volumes.TryRemove(new KeyValuePair<Guid, Volume>(sessionId, volume));
                }
            }
            catch (VolumeException exception)
            {
                VolumeLog.UnmountFailed(_logger, sessionId, exception.Message);
            }
            finally
            {
                volume.Gate.Release();
            }
        }

        return unmounted;
    }

    /// <summary>
    /// At start-up, before any session is used: detaches every session volume a previous run of this server
    /// left mounted (after kill -9 the mounts outlive it), so each is mounted afresh when its session is next
    /// used. Only <c>&lt;session&gt;/volume</c> mount points: the pool below the same directory is the pool's.
    /// </summary>
    public int DetachLeftovers()
    {
        if (!Enabled || !Directory.Exists(_sandboxesDirectory))
        {
            return 0;
        }

        var root = VolumeCalls.Canonical(_sandboxesDirectory) ?? _sandboxesDirectory;
        var detached = 0;
        foreach (var mountPoint in MountTable.Below(root))
        {
            var sessionDirectory = Path.GetDirectoryName(mountPoint)!;
            if (Path.GetFileName(mountPoint) == "volume" && Path.GetDirectoryName(sessionDirectory) == root && Guid.TryParseExact(Path.GetFileName(sessionDirectory), "D", out _))
            {
                detached += VolumeMount.Unmount(mountPoint);
            }
        }

        if (detached > 0)
        {
            VolumeLog.LeftoversDetached(_logger, detached);
        }

        return detached;
    }

    /// <summary>
    /// At shutdown, after every sandbox has stopped: unmounts every volume (the kernel writes back what is
    /// dirty). A volume whose mount is still in flight is left to that operation, which sees the flag and
    /// unmounts it itself; it is never unmounted from under it.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var (sessionId, volume) in _volumes)
        {
            if (!volume.Gate.Wait(DisposeWait))
            {
                VolumeLog.UnmountLeftToOpener(_logger, sessionId);
                continue;
            }

            try
            {
                UnmountLocked(volume, Directories(sessionId).Volume);
            }
            catch (VolumeException exception)
            {
                VolumeLog.UnmountFailed(_logger, sessionId, exception.Message);
            }
            finally
            {
                volume.Gate.Release();
            }
        }
    }

    private async Task<VolumeLease?> OpenCoreAsync(SessionDirectories directories, VolumeProfile? agent, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (!Enabled)
        {
            return OpenPlain(directories, agent is not null);
        }

        while (true)
        {
            var volume = _volumes.GetOrAdd(directories.SessionId, id => new Volume(id));
            await volume.Gate.WaitAsync(cancellationToken);
            try
            {
                if (volume.Retired)
                {
                    continue;
                }

                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
                var lease = volume.Mounted && MountTable.IsMountRoot(directories.Volume)
                    ? Lease(volume, directories)
                    : await MountLockedAsync(volume, directories, agent, cancellationToken);

                // Shutdown began while this mount was in flight and passed this volume by: no mount outlives the server.
                if (Volatile.Read(ref _disposed) == 1 && lease is not null)
                {
                    lease.Dispose();
                    UnmountLocked(volume, directories.Volume);
                    throw new ObjectDisposedException(nameof(SessionVolumes));
                }

                return lease;
            }
            finally
            {
                volume.Gate.Release();
            }
        }
    }

    /// <summary>Mounts the session's files: its volume, one made for it, or none (null) when it has no files and none may be made.</summary>
    private async Task<VolumeLease?> MountLockedAsync(Volume volume, SessionDirectories directories, VolumeProfile? agent, CancellationToken cancellationToken)
    {
        if (volume.Mounted)
        {
            // Unmounted behind our back (by hand, or a reboot while the state survived): mount it again.
            volume.Mounted = false;
            Interlocked.Decrement(ref _mounted);
        }

        if (File.Exists(directories.VolumeImage))
        {
            await MakeRoomAsync(volume, cancellationToken);
            await OnOwnThread(() => MountExisting(directories), cancellationToken);
            MarkMounted(volume, VolumeProfile.Read(directories.VolumeProfile));
            return Lease(volume, directories);
        }

        if (LegacyFiles.Find(directories) is { } legacy)
        {
            return agent is { } limits
                ? await MigrateAsync(volume, directories, limits, cancellationToken)
                : InPlace(volume, legacy);
        }

        if (agent is not { } profile)
        {
            // No files here, and none to make: leave no directory behind either.
            return null;
        }

        await MakeRoomAsync(volume, cancellationToken);

        // A new session of the default profile takes a ready one from the pool (the common create): a rename, no mount.
        if (!MountTable.IsMountRoot(directories.Volume) && _pool.TryTake(profile) is { } pooled && TakeFromPool(directories, pooled))
        {
            MarkMounted(volume, profile);
            return Lease(volume, directories);
        }

        await Templates.EnsureAsync(profile, cancellationToken);
        await OnOwnThread(() =>
        {
            // A mount here without an image is stale (an image deleted while its unmount failed): never mount over it.
            VolumeMount.Unmount(directories.Volume);
            EnsureMountPoint(directories);
            var staging = directories.VolumeImage + ".new";
            File.Delete(staging);
            Templates.CreateImage(profile, staging);
            profile.Write(directories.VolumeProfile);
            File.Move(staging, directories.VolumeImage);
            Mount(directories.VolumeImage, directories.Volume, reuseHolder: false);
        }, cancellationToken);
        MarkMounted(volume, profile);
        return Lease(volume, directories);
    }

    /// <summary>Mounts an existing volume, unless a run of this server that is gone left it mounted (the same file system: it is used).</summary>
    private void MountExisting(SessionDirectories directories)
    {
        LegacyFiles.ForgetMigrated(directories);
        if (LegacyFiles.MovePlainAside(directories) is { } aside)
        {
            VolumeLog.FilesLeftAside(_logger, directories.SessionId, aside);
        }

        if (MountTable.IsMountRoot(directories.Volume))
        {
            return;
        }

        EnsureMountPoint(directories);
        Mount(directories.VolumeImage, directories.Volume, reuseHolder: true);
    }

    /// <summary>
    /// Moves files from before volumes into a volume fitted to them and to the agent's limits (the steps and
    /// why each crash is safe: <see cref="LegacyFiles"/>). Any failure takes the half-made volume off and
    /// leaves the files as they were, for the next start to try again.
    /// </summary>
    private async Task<VolumeLease> MigrateAsync(Volume volume, SessionDirectories directories, VolumeProfile agent, CancellationToken cancellationToken)
    {
        await MakeRoomAsync(volume, cancellationToken);

        // Walking and copying a tree and mounting block: on a thread of their own.
        var (legacy, made) = await OnOwnThread(() =>
        {
            // A mount here without an image is a migration of this run whose roll-back failed.
            VolumeMount.Unmount(directories.Volume);
            var setAside = new List<string>();
            var gathered = LegacyFiles.Gather(directories, setAside);
            foreach (var path in setAside)
            {
                VolumeLog.FilesLeftAside(_logger, directories.SessionId, path);
            }

            return (gathered, gathered.Fit(agent));
        }, cancellationToken);

        await Templates.EnsureAsync(made, cancellationToken);
        await OnOwnThread(() =>
        {
            var image = LegacyFiles.MigratingImage(directories);
            File.Delete(image);
            Templates.CreateImage(made, image);
            try
            {
                made.Write(directories.VolumeProfile);
                EnsureMountPoint(directories);
                Mount(image, directories.Volume, reuseHolder: false);
                try
                {
                    legacy.MoveInto(directories);
                    LegacyFiles.Commit(directories);
                }
                catch
                {
                    VolumeMount.Unmount(directories.Volume);
                    throw;
                }
            }
            catch
            {
                File.Delete(image);
                throw;
            }
        }, cancellationToken);

        MarkMounted(volume, made);
        VolumeLog.Migrated(_logger, volume.SessionId, made.DiskMb, made.MaxFiles);
        return Lease(volume, directories);
    }

    /// <summary>
    /// A ready session directory from the pool, renamed into place over the session's (still empty) one: its
    /// mounted volume moves with it, so no mount operation runs on the create path.
    /// </summary>
    private static bool TakeFromPool(SessionDirectories directories, PooledVolume pooled)
    {
        if (Directory.Exists(directories.Volume))
        {
            Directory.Delete(directories.Volume);
        }

        // Replaces an empty session directory too (rename(2) does; a directory with anything in it refuses).
        if (VolumeCalls.Rename(pooled.Directory, directories.Root) != 0)
        {
            // Not empty (a retried step left something) or not on the same file system: mount the usual way.
            VolumePool.Discard(pooled);
            return false;
        }

        return true;
    }

    /// <summary>Attaches <paramref name="image"/> and mounts it, or mounts the device that already holds it (verified) when <paramref name="reuseHolder"/>.</summary>
    private void Mount(string image, string mountPoint, bool reuseHolder)
    {
        // A detached mount of this image may still be alive (a descriptor open on it): mount its device again,
        // which shares that file system, never a second device on the same file. The device stays open, and so
        // bound to this image, until the mount holds it.
        if (reuseHolder && Loops.OpenHolding(image) is { } holder)
        {
            using (holder)
            {
                VolumeMount.Mount(holder.Path, mountPoint);
                return;
            }
        }

        using var loop = Loops.Attach(image);
        VolumeMount.Mount(loop.Path, mountPoint);
    }

    /// <summary>
    /// Keeps the mounted count under <see cref="VolumeOptions.MaxMounted"/>: unmounts the volume idle longest,
    /// or refuses at once. The unmount runs on a thread of its own (the last unmount of a volume writes back
    /// what is dirty in it), and only one, only at the limit.
    /// </summary>
    private Task MakeRoomAsync(Volume opening, CancellationToken cancellationToken)
    {
        if (_support.Options.MaxMounted is not { } most || Volatile.Read(ref _mounted) < most)
        {
            return Task.CompletedTask;
        }

        return OnOwnThread(() =>
        {
            if (Volatile.Read(ref _mounted) >= most && !UnmountOldestIdle(opening))
            {
                throw new VolumeException(
                    $"All {most} session volumes this server may mount are in use (Ash:Sandbox:Volumes:MaxMounted); session {opening.SessionId} cannot mount its files now");
            }
        }, cancellationToken);
    }

    private bool UnmountOldestIdle(Volume except)
    {
        var idle = _volumes.Values
            .Where(volume => volume != except && volume.Mounted && Volatile.Read(ref volume.Leases) == 0)
            .OrderBy(volume => volume.LastUsedTicks)
            .ToList();
        foreach (var volume in idle)
        {
            if (!volume.Gate.Wait(0))
            {
                continue;
            }

            try
            {
                if (volume.Retired || !volume.Mounted || Volatile.Read(ref volume.Leases) > 0)
                {
                    continue;
                }

                UnmountLocked(volume, Directories(volume.SessionId).Volume);
                volume.Retired = true;
                _volumes.TryRemove(new KeyValuePair<Guid, Volume>(volume.SessionId, volume));
                return true;
            }
            catch (VolumeException exception)
            {
                VolumeLog.UnmountFailed(_logger, volume.SessionId, exception.Message);
            }
            finally
            {
                volume.Gate.Release();
            }
        }

        return false;
    }

    private VolumeLease Lease(Volume volume, SessionDirectories directories)
    {
        Interlocked.Increment(ref volume.Leases);
        volume.LastUsedTicks = _time.GetUtcNow().UtcTicks;
        return VolumeLease.OnVolume(volume, _time, directories, volume.Profile);
    }

    private VolumeLease InPlace(Volume volume, LegacyFiles files)
    {
        Interlocked.Increment(ref volume.Leases);
        volume.LastUsedTicks = _time.GetUtcNow().UtcTicks;
        return VolumeLease.InPlace(volume, _time, files);
    }

    private void MarkMounted(Volume volume, VolumeProfile? profile)
    {
        volume.Mounted = true;
        volume.Profile = profile;
        volume.LastUsedTicks = _time.GetUtcNow().UtcTicks;
        Interlocked.Increment(ref _mounted);
    }

    private void UnmountLocked(Volume volume, string mountPoint)
    {
        VolumeMount.Unmount(mountPoint);
        if (volume.Mounted)
        {
            volume.Mounted = false;
            Interlocked.Decrement(ref _mounted);
        }
    }

    /// <summary>The mount point exists, root's and empty (plain files there were moved aside first).</summary>
    private static void EnsureMountPoint(SessionDirectories directories)
    {
        Directory.CreateDirectory(directories.Volume);
        File.SetUnixFileMode(directories.Volume, DirectoryModes.TraverseOnly);
    }

    /// <summary>Volumes switched off: the same paths as plain directories; files of the layout before volumes are moved (renamed) into them.</summary>
    private static VolumeLease? OpenPlain(SessionDirectories directories, bool create)
    {
        foreach (var (legacy, current) in new[] { (directories.LegacyWorkspace, directories.Workspace), (directories.LegacyHome, directories.Home) })
        {
            if (Directory.Exists(legacy) && !Directory.Exists(current))
            {
                Directory.CreateDirectory(directories.Volume);
                Directory.Move(legacy, current);
            }
        }

        if (!create && !Directory.Exists(directories.Workspace))
        {
            return null;
        }

        Directory.CreateDirectory(directories.Volume);
        File.SetUnixFileMode(directories.Volume, DirectoryModes.TraverseOnly);
        return VolumeLease.Plain(directories);
    }

    /// <summary>
    /// Mounting, unmounting, attaching and copying block in the kernel for milliseconds at a time (the last
    /// unmount of a volume writes back what is dirty in it): on a thread of their own, never a request's or
    /// the thread pool's, where on a 2-core machine they delayed other requests by hundreds of milliseconds.
    /// </summary>
    private static Task<T> OnOwnThread<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static Task OnOwnThread(Action work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private VolumeTemplates Templates => _support.Templates!;

    private LoopDevices Loops => _support.Loops!;

    private SessionDirectories Directories(Guid sessionId) => new(_sandboxesDirectory, string.Empty, sessionId);

    /// <summary>One session's volume as this server knows it. <see cref="Gate"/> orders mounting, unmounting and deleting.</summary>
    internal sealed class Volume(Guid sessionId)
    {
        public readonly SemaphoreSlim Gate = new(1, 1);

        public int Leases;

        public long LastUsedTicks;

        public Guid SessionId { get; } = sessionId;

        /// <summary>Mounted by this server (guarded by <see cref="Gate"/>).</summary>
        public bool Mounted { get; set; }

        /// <summary>The size and file count the mounted volume was made with (guarded by <see cref="Gate"/>).</summary>
        public VolumeProfile? Profile { get; set; }

        /// <summary>Removed from the table; an opener that got it must look again.</summary>
        public bool Retired { get; set; }
    }
}

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
    /// Mounts the session's volume (creating it, and the session directory, with <paramref name="profile"/>
    /// when the session has none, and moving files from the layout before volumes into it) and holds it
    /// until the lease is disposed.
    /// </summary>
    public async Task<VolumeLease> OpenAsync(SessionDirectories directories, VolumeProfile profile, CancellationToken cancellationToken) =>
        await OpenCoreAsync(directories, profile, cancellationToken) ?? throw new InvalidOperationException("a volume with a profile is always made");

    /// <summary>Like <see cref="OpenAsync"/> for a session that must have files already: null when it has none here.</summary>
    public Task<VolumeLease?> OpenExistingAsync(SessionDirectories directories, CancellationToken cancellationToken) =>
        OpenCoreAsync(directories, null, cancellationToken);

    /// <summary>True while the session has files on this host (a volume image, or files in the layout before volumes).</summary>
    public bool HasFiles(SessionDirectories directories) =>
        Enabled
            ? File.Exists(directories.VolumeImage) || Directory.Exists(directories.LegacyWorkspace) || HasUnmountedFiles(directories)
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
                UnmountLocked(volume, directories.Volume);
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

    /// <summary>Unmounts volumes nothing has held for <paramref name="idleFor"/>; skips any that is busy right now. Returns how many.</summary>
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
    /// At start-up, before any session is used: detaches every volume a previous run of this server left
    /// mounted (after kill -9 the mounts outlive it), so each is mounted afresh when its session is next used.
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
            if (Path.GetFileName(mountPoint) == "volume")
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

    /// <summary>At shutdown, after every sandbox has stopped: unmounts every volume (the kernel writes back what is dirty).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var (sessionId, volume) in _volumes)
        {
            var held = volume.Gate.Wait(TimeSpan.FromSeconds(5));
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
                if (held)
                {
                    volume.Gate.Release();
                }
            }
        }
    }

    private async Task<VolumeLease?> OpenCoreAsync(SessionDirectories directories, VolumeProfile? profile, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (!Enabled)
        {
            return OpenPlain(directories, profile is not null);
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

                // Checked again under the gate: Dispose sets the flag before it unmounts, so no mount outlives it.
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);

                if (!(volume.Mounted && MountTable.IsMountRoot(directories.Volume)) && !await MountLockedAsync(volume, directories, profile, cancellationToken))
                {
                    return null;
                }

                Interlocked.Increment(ref volume.Leases);
                return new VolumeLease(volume, _time);
            }
            finally
            {
                volume.Gate.Release();
            }
        }
    }

    /// <summary>Mounts the volume, creating it first when <paramref name="profile"/> allows. False when the session has no files and none may be created.</summary>
    private async Task<bool> MountLockedAsync(Volume volume, SessionDirectories directories, VolumeProfile? profile, CancellationToken cancellationToken)
    {
        if (volume.Mounted)
        {
            // Unmounted behind our back (by hand, or a reboot while the state survived): mount it again.
            volume.Mounted = false;
            Interlocked.Decrement(ref _mounted);
        }

        var nothingYet = !File.Exists(directories.VolumeImage) && LegacyFiles.Find(directories) is null
            && !HasUnmountedFiles(directories) && !MountTable.IsMountRoot(directories.Volume);
        if (nothingYet && profile is null)
        {
            // No files here, and none to make: leave no directory behind either.
            return false;
        }

        // A new session of the default profile takes a ready one from the pool (the common create).
        if (nothingYet && profile is { } wanted)
        {
            MakeRoom(volume);
            if (_pool.TryTake(wanted) is { } pooled && TakeFromPool(volume, directories, pooled))
            {
                return true;
            }
        }

        EnsureMountPoint(directories);
        if (MountTable.IsMountRoot(directories.Volume))
        {
            // Mounted by a run of this server that is gone (its leftovers are detached at start-up; this is
            // the case of one mounted in between): the same file system, so use it.
            MarkMounted(volume);
            return true;
        }

        var legacy = LegacyFiles.Find(directories);
        var fresh = !File.Exists(directories.VolumeImage);
        var made = profile ?? Volumes.VolumeProfile.Read(directories.VolumeProfile) ?? _support.DefaultProfile;
        if (fresh)
        {
            if (profile is null && legacy is null)
            {
                return false;
            }

            if (legacy is not null)
            {
                // Files from before volumes may already hold more than the quota: the volume holds them, and then is full.
                made = made.AtLeast(legacy.Needed());
            }

            MakeRoom(volume);
            await Templates.EnsureAsync(made, cancellationToken);
            var staging = directories.VolumeImage + ".new";
            File.Delete(staging);
            Templates.CreateImage(made, staging);
            made.Write(directories.VolumeProfile);
            File.Move(staging, directories.VolumeImage);
        }
        else
        {
            MakeRoom(volume);
        }

        Attach(directories, reuseHolder: !fresh);
        MarkMounted(volume);
        if (legacy is not null)
        {
            legacy.MoveInto(directories);
            VolumeLog.Migrated(_logger, volume.SessionId, made.DiskMb, made.MaxFiles);
        }

        return true;
    }

    /// <summary>
    /// A ready session directory from the pool, renamed into place over the session's (still empty) one: its
    /// mounted volume moves with it, so no mount operation runs on the create path.
    /// </summary>
    private bool TakeFromPool(Volume volume, SessionDirectories directories, PooledVolume pooled)
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

        MarkMounted(volume);
        return true;
    }

    private void Attach(SessionDirectories directories, bool reuseHolder)
    {
        // A detached mount of this image may still be alive (a descriptor open on it): mount its device again,
        // which shares that file system, never a second device on the same file.
        if (reuseHolder && VolumeCalls.Canonical(directories.VolumeImage) is { } canonical && Loops.FindHolding(canonical) is { } holder)
        {
            try
            {
                VolumeMount.Mount(holder, directories.Volume);
                return;
            }
            catch (VolumeException)
            {
                // Its last user closed meanwhile and autoclear freed the device: attach afresh.
            }
        }

        using var loop = Loops.Attach(directories.VolumeImage);
        VolumeMount.Mount(loop.Path, directories.Volume);
    }

    /// <summary>Keeps the mounted count under <see cref="VolumeOptions.MaxMounted"/>: unmounts idle volumes, or refuses.</summary>
    private void MakeRoom(Volume opening)
    {
        if (Volatile.Read(ref _mounted) < _support.Options.MaxMounted)
        {
            return;
        }

        UnmountIdle(TimeSpan.Zero);
        if (Volatile.Read(ref _mounted) >= _support.Options.MaxMounted)
        {
            throw new VolumeException(
                $"All {_support.Options.MaxMounted} session volumes this server may mount are in use (Ash:Sandbox:Volumes:MaxMounted); session {opening.SessionId} cannot mount its files now");
        }
    }

    private void MarkMounted(Volume volume)
    {
        volume.Mounted = true;
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

    /// <summary>The mount point exists, root's and empty; a directory with files in it is the layout of volumes switched off, moved aside to be migrated.</summary>
    private static void EnsureMountPoint(SessionDirectories directories)
    {
        if (HasUnmountedFiles(directories))
        {
            Directory.Move(directories.Volume, LegacyFiles.PlainDirectory(directories));
        }

        Directory.CreateDirectory(directories.Volume);
        File.SetUnixFileMode(directories.Volume, DirectoryModes.TraverseOnly);
    }

    private static bool HasUnmountedFiles(SessionDirectories directories) =>
        Directory.Exists(directories.Volume) && !MountTable.IsMountRoot(directories.Volume) && Directory.EnumerateFileSystemEntries(directories.Volume).Any();

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
        return VolumeLease.None;
    }

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

        /// <summary>Removed from the table; an opener that got it must look again.</summary>
        public bool Retired { get; set; }
    }
}

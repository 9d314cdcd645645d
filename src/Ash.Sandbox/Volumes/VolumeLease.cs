namespace Ash.Sandbox.Volumes;

/// <summary>
/// Keeps a session's volume mounted while something uses its files (a sandbox, which bwrap binds by path;
/// a copy; a file request; a download still streaming), and says where those files are. Disposing it marks
/// the volume used now; once no lease is left and <see cref="VolumeOptions.IdleUnmount"/> has passed, the
/// volume is unmounted.
/// </summary>
public sealed class VolumeLease : IDisposable
{
    private readonly SessionVolumes.Volume? _volume;
    private readonly TimeProvider? _time;
    private int _disposed;

    private VolumeLease(SessionVolumes.Volume? volume, TimeProvider? time, string workspace, string home, VolumeProfile? profile, bool fromBeforeVolumes)
    {
        _volume = volume;
        _time = time;
        Workspace = workspace;
        Home = home;
        Profile = profile;
        FromBeforeVolumes = fromBeforeVolumes;
    }

    /// <summary>The session's workspace for as long as the lease is held.</summary>
    public string Workspace { get; }

    /// <summary>The session's home directory for as long as the lease is held.</summary>
    public string Home { get; }

    /// <summary>Where to stage what is moved into the workspace: beside it, on the same file system, out of the agent's reach.</summary>
    public string Staging => Path.GetDirectoryName(Workspace)!;

    /// <summary>The size and file count the volume was made with; null when the files are not on a volume.</summary>
    public VolumeProfile? Profile { get; }

    /// <summary>
    /// Files from before volumes, used where they are: only a sandbox start, which knows the agent's limits,
    /// moves them into a volume.
    /// </summary>
    public bool FromBeforeVolumes { get; }

    /// <summary>Files on a mounted volume.</summary>
    internal static VolumeLease OnVolume(SessionVolumes.Volume volume, TimeProvider time, Directories.SessionDirectories directories, VolumeProfile? profile) =>
        new(volume, time, directories.Workspace, directories.Home, profile, fromBeforeVolumes: false);

    internal static VolumeLease InPlace(SessionVolumes.Volume volume, TimeProvider time, LegacyFiles files) =>
        new(volume, time, files.Workspace, files.Home, null, fromBeforeVolumes: true);

    /// <summary>Volumes switched off: the same paths as plain directories.</summary>
    internal static VolumeLease Plain(Directories.SessionDirectories directories) =>
        new(null, null, directories.Workspace, directories.Home, null, fromBeforeVolumes: false);

    public void Dispose()
    {
        if (_volume is null || Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _volume.LastUsedTicks = _time!.GetUtcNow().UtcTicks;
        Interlocked.Decrement(ref _volume.Leases);
    }
}

namespace Ash.Sandbox.Volumes;

/// <summary>
/// Keeps a session's volume mounted while something uses its files by path (a sandbox, which bwrap binds
/// by path; a copy; a file request). Disposing it marks the volume used now; once no lease is left and
/// <see cref="VolumeOptions.IdleUnmount"/> has passed, the volume is unmounted.
/// </summary>
public sealed class VolumeLease : IDisposable
{
    /// <summary>For files that are not on a volume (volumes switched off).</summary>
    public static readonly VolumeLease None = new(null, null);

    private readonly SessionVolumes.Volume? _volume;
    private readonly TimeProvider? _time;
    private int _disposed;

    internal VolumeLease(SessionVolumes.Volume? volume, TimeProvider? time)
    {
        _volume = volume;
        _time = time;
    }

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

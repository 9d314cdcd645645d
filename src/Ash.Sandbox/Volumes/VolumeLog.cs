using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.Volumes;

internal static partial class VolumeLog
{
    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Detached {Count} volume mount(s) a previous run of this server left")]
    public static partial void LeftoversDetached(ILogger logger, int count);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Debug, Message = "Unmounted {Count} idle volume(s)")]
    public static partial void IdleUnmounted(ILogger logger, int count);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "The volume of session {SessionId} could not be unmounted: {Reason}")]
    public static partial void UnmountFailed(ILogger logger, Guid sessionId, string reason);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Information, Message = "Moved the files of session {SessionId} from the layout before volumes into a volume of {DiskMb} MiB and {MaxFiles} files")]
    public static partial void Migrated(ILogger logger, Guid sessionId, long diskMb, long maxFiles);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Error, Message = "The idle-volume sweep failed")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3306, Level = LogLevel.Warning, Message = "The volume pool could not make a volume ready (sessions mount their own meanwhile): {Reason}")]
    public static partial void PoolFillFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 3307, Level = LogLevel.Warning, Message = "Shutdown left the volume of session {SessionId} to the operation mounting it, which unmounts it when it ends (or the next start detaches it)")]
    public static partial void UnmountLeftToOpener(ILogger logger, Guid sessionId);

    [LoggerMessage(EventId = 3308, Level = LogLevel.Warning, Message = "Files of session {SessionId} that its volume does not hold were kept aside at {Path} (not moved in, not deleted)")]
    public static partial void FilesLeftAside(ILogger logger, Guid sessionId, string path);

    [LoggerMessage(EventId = 3309, Level = LogLevel.Warning, Message = "Reading how full the volume at {MountPoint} is failed; its disk and inode events wait until a reading succeeds (tried every second)")]
    public static partial void WatchFailed(ILogger logger, string mountPoint, Exception exception);

    [LoggerMessage(EventId = 3310, Level = LogLevel.Information, Message = "Reading how full the volume at {MountPoint} is works again")]
    public static partial void WatchRecovered(ILogger logger, string mountPoint);
}

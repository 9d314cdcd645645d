using Ash.Core.Sandboxes;
using Ash.Sandbox.Limits;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Sandbox.Tests.Limits;

/// <summary>The volume watch's loop: a reading that fails is logged once, and the watch goes on reading every interval.</summary>
public sealed class VolumeWatchTests : IDisposable
{
    private const int WatchFailedEvent = 3309;
    private const int WatchRecoveredEvent = 3310;

    private readonly string _directory = Directory.CreateTempSubdirectory("ash-volume-watch-").FullName;
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _logs = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reading_ThatFails_IsLoggedOnce_AndTheWatchGoesOn_ThroughARecoveryAndAnotherFailure()
    {
        // statvfs of a path that is not there fails (ENOENT) until the directory exists.
        var mountPoint = Path.Combine(_directory, "volume");
        await using var watch = new VolumeWatch(mountPoint, 64 * ResourceLimits.MiB, 1000, _time, _logs);

        await TicksUntilAsync(() => Count(WatchFailedEvent) == 1, "the first failed reading to be logged");
        Assert.Empty(watch.TakeHits());
        Assert.Equal(1, Count(WatchFailedEvent));

        Directory.CreateDirectory(mountPoint);
        await TicksUntilAsync(() => Count(WatchRecoveredEvent) == 1, "a reading to succeed again");

        Directory.Delete(mountPoint);
        await TicksUntilAsync(() => Count(WatchFailedEvent) == 2, "the next failed reading to be logged");
        Assert.All(_logs.Collector.GetSnapshot().Where(r => r.Id.Id == WatchFailedEvent), r => Assert.IsType<IOException>(r.Exception));
    }

    [Fact]
    public async Task Reading_AfterTheWatchStopped_FailsQuietly()
    {
        var mountPoint = Path.Combine(_directory, "unmounted");
        var watch = new VolumeWatch(mountPoint, 64 * ResourceLimits.MiB, 1000, _time, _logs);
        await watch.DisposeAsync();

        Assert.Empty(watch.TakeHits());
        Assert.Equal(0, Count(WatchFailedEvent));
    }

    private Task TicksUntilAsync(Func<bool> condition, string what) =>
        _time.AdvanceUntilAsync(Eventually.TrueAsync(condition, what), VolumeWatch.Interval);

    private int Count(int eventId) => _logs.Collector.GetSnapshot().Count(r => r.Id.Id == eventId);
}

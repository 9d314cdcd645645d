using Ash.Sandbox.Volumes;
using static Ash.Sandbox.Tests.Volumes.VolumeTestBed;

namespace Ash.Sandbox.Tests.Volumes;

/// <summary>
/// Mounting the loop device that still holds a session's image, safely: the device is opened first (an open
/// descriptor keeps an autoclear device bound) and then asked what it holds, so a device freed and given to
/// another image meanwhile is never mounted into the wrong session.
/// </summary>
public sealed class LoopDevicesTests : IDisposable
{
    private readonly VolumeTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task OpenIfBacking_RefusesADeviceWhoseBackingFileIsAnotherImage()
    {
        var table = _bed.Table();
        var first = _bed.Session();
        var second = _bed.Session();
        using var firstVolume = await table.OpenAsync(first, Small, Cancel).WaitAsync(TestTimeout, Cancel);
        using var secondVolume = await table.OpenAsync(second, Small, Cancel).WaitAsync(TestTimeout, Cancel);
        var secondDevice = MountSource(second.Volume);

        Assert.Null(LoopDevices.OpenIfBacking(secondDevice, BackingFile.Of(first.VolumeImage)!.Value));
        using var opened = LoopDevices.OpenIfBacking(secondDevice, BackingFile.Of(second.VolumeImage)!.Value);
        Assert.NotNull(opened);
        Assert.Equal(secondDevice, opened.Path);
    }

    [Fact]
    public async Task ADeviceFoundHoldingAnImage_StaysBoundToIt_WhileOpen_EvenOnceItsLastMountIsGone()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        using (await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
        }

        var device = MountSource(session.Volume);
        var holding = new LoopDevices("/dev/loop-control", Path.Combine(_bed.Root, "nodes")).OpenHolding(session.VolumeImage);
        Assert.NotNull(holding);
        using (holding)
        {
            Assert.Equal(device, holding.Path);
            _bed.Time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, table.UnmountIdle(TimeSpan.Zero));

            // Without our descriptor autoclear would have freed the device with the unmount: it still holds the image.
            Assert.Equal(device, HoldingDevice(session.VolumeImage));
        }

        await AssertNotHeldAsync(session.VolumeImage).WaitAsync(TestTimeout, Cancel);
    }

    [Fact]
    public void OpenHolding_OfAnImageNoDeviceHolds_IsNull()
    {
        var image = Path.Combine(_bed.Root, "unattached.img");
        File.WriteAllBytes(image, new byte[4096]);

        Assert.Null(new LoopDevices("/dev/loop-control", Path.Combine(_bed.Root, "nodes")).OpenHolding(image));
    }
}

using Ash.Core.Sandboxes;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Volumes;

namespace Ash.Sandbox.Tests.Volumes;

public sealed class VolumeFullLatchTests
{
    private const long Disk = 64 * ResourceLimits.MiB;
    private const long Files = 2_000;

    private static VolumeUsage Room => new(10 * ResourceLimits.MiB, 500);

    [Fact]
    public void AVolumeWithRoom_ReportsNothing()
    {
        var latch = new VolumeFullLatch(Disk, Files);

        latch.Observe(Room);

        Assert.Empty(latch.Take());
    }

    [Fact]
    public void FullDisk_IsReportedOnce_WhileItStaysFull()
    {
        var latch = new VolumeFullLatch(Disk, Files);

        latch.Observe(new VolumeUsage(4096, 500));
        var first = latch.Take();
        latch.Observe(new VolumeUsage(0, 500));

        var hit = Assert.Single(first);
        Assert.Equal(LimitHit.Disk, hit.Resource);
        Assert.Equal(Disk, hit.Limit);
        Assert.Equal(Disk - 4096, hit.Count);
        Assert.Contains("No space left on device", hit.Message);
        Assert.Empty(latch.Take());
    }

    [Fact]
    public void FilledBetweenTwoTakes_IsReportedEvenIfEmptiedSince()
    {
        var latch = new VolumeFullLatch(Disk, Files);

        latch.Observe(new VolumeUsage(0, 500));
        latch.Observe(Room);

        Assert.Equal(LimitHit.Disk, Assert.Single(latch.Take()).Resource);
    }

    [Fact]
    public void EmptiedAndFilledAgain_IsReportedAgain()
    {
        var latch = new VolumeFullLatch(Disk, Files);
        latch.Observe(new VolumeUsage(0, 500));
        latch.Take();

        latch.Observe(Room);
        latch.Observe(new VolumeUsage(0, 500));

        Assert.Single(latch.Take());
    }

    [Fact]
    public void NoFreeInode_IsAnInodesHit()
    {
        var latch = new VolumeFullLatch(Disk, Files);

        latch.Observe(new VolumeUsage(10 * ResourceLimits.MiB, 0));

        var hit = Assert.Single(latch.Take());
        Assert.Equal(LimitHit.Inodes, hit.Resource);
        Assert.Equal(Files, hit.Limit);
    }
}

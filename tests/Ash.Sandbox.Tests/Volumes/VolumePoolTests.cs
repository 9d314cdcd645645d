using Ash.Core.Sandboxes;
using Ash.Sandbox.Volumes;
using Ash.Testing.Common;
using static Ash.Sandbox.Tests.Volumes.VolumeTestBed;

namespace Ash.Sandbox.Tests.Volumes;

/// <summary>The pool of ready volumes of the default profile, in the sandboxes directory it belongs to.</summary>
public sealed class VolumePoolTests : IDisposable
{
    private readonly VolumeTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    private string PoolDirectory => Path.Combine(_bed.SandboxesDirectory, ".volume-pool");

    [Fact]
    public async Task ANewSessionOfTheDefaultProfile_TakesAReadyVolumeFromThePool_TheVeryOne()
    {
        var table = _bed.Table(_bed.Options(volumes => volumes.PoolSize = 1), out var pool);
        await pool.StartAsync(Cancel).WaitAsync(TestTimeout, Cancel);
        await Eventually.TrueAsync(() => pool.Count == 1, "the pool to hold one ready volume");
        var ready = Assert.Single(Directory.GetDirectories(PoolDirectory));
        var pooledIdentity = Ext4Superblock.Read(Path.Combine(ready, "volume.img")).Uuid;
        var pooledDevice = MountSource(Path.Combine(ready, "volume"));
        var session = _bed.Session(make: false);

        using (await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Assert.False(Directory.Exists(ready));
            Assert.Equal(pooledIdentity, Ext4Superblock.Read(session.VolumeImage).Uuid);
            Assert.Equal(pooledDevice, MountSource(session.Volume));
            Assert.Equal(Small, VolumeProfile.Read(session.VolumeProfile));
        }

        // Another profile is never taken from the pool.
        await Eventually.TrueAsync(() => pool.Count == 1, "the pool to be refilled");
        var refilled = Assert.Single(Directory.GetDirectories(PoolDirectory));
        var other = _bed.Session(make: false);
        using (await table.OpenAsync(other, new VolumeProfile(16 * ResourceLimits.MiB, 1_000), Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Assert.Equal(16 * ResourceLimits.MiB, VolumeProfile.Read(other.VolumeProfile)!.Value.DiskBytes);
            Assert.True(Directory.Exists(refilled));
        }

        await pool.StopAsync(Cancel).WaitAsync(TestTimeout, Cancel);
    }

    [Fact]
    public async Task WhatAKilledRunOrProbeLeftInThePoolDirectory_IsClearedAtStart_EvenWithNoPool()
    {
        var leftover = Path.Combine(PoolDirectory, "probe-0123");
        Directory.CreateDirectory(leftover);
        Assert.Equal(0, VolumeCalls.Mount("tmpfs", leftover, "tmpfs", VolumeCalls.MountNoSuid | VolumeCalls.MountNoDev, "size=64k"));
        _bed.Table(_bed.Options(volumes => volumes.PoolSize = 0), out var pool);

        await pool.StartAsync(Cancel).WaitAsync(TestTimeout, Cancel);

        await Eventually.TrueAsync(() => !Directory.Exists(leftover), $"the pool to clear {leftover}");
        Assert.False(MountTable.IsMountRoot(leftover));
        await pool.StopAsync(Cancel).WaitAsync(TestTimeout, Cancel);
    }
}

using Ash.Core.Sandboxes;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Volumes;
using static Ash.Sandbox.Tests.Volumes.VolumeTestBed;

namespace Ash.Sandbox.Tests.Volumes;

/// <summary>The session volume table on real loop devices and mounts (as root, as the server runs).</summary>
public sealed class SessionVolumesTests : IDisposable
{
    private readonly VolumeTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Open_MakesAMountedVolume_NosuidNodev_OfTheProfile()
    {
        var table = _bed.Table();
        var session = _bed.Session();

        using (var lease = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Assert.True(MountTable.IsMountRoot(session.Volume));
            var options = MountOptions(session.Volume);
            Assert.Contains("nosuid", options);
            Assert.Contains("nodev", options);
            Assert.DoesNotContain("noexec", options);
            Assert.InRange(VolumeUsage.Read(session.Volume).AvailableBytes, Small.DiskBytes, Small.DiskBytes + ResourceLimits.MiB);
            Assert.Equal(Small, VolumeProfile.Read(session.VolumeProfile));
            Assert.Equal(Small, lease.Profile);
            Assert.Equal(session.Workspace, lease.Workspace);
            Assert.Equal(1, table.MountedCount);
        }
    }

    [Fact]
    public async Task AnIdleVolume_IsUnmounted_AndMountsAgainWithItsFiles()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        using (await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Directory.CreateDirectory(session.Workspace);
            await File.WriteAllTextAsync(Path.Combine(session.Workspace, "kept.txt"), "kept", Cancel).WaitAsync(TestTimeout, Cancel);
            Assert.Equal(0, table.UnmountIdle(TimeSpan.Zero));
        }

        _bed.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, table.UnmountIdle(TimeSpan.FromMinutes(2)));
        _bed.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, table.UnmountIdle(TimeSpan.FromMinutes(2)));
        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.Equal(0, table.MountedCount);
        Assert.True(table.HasFiles(session));

        using var again = await table.OpenExistingAsync(session, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.NotNull(again);
        Assert.Equal(Small, again.Profile);
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "kept.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
    }

    [Fact]
    public async Task ADetachedVolumeStillInUse_IsMountedFromItsOwnDevice_NeverASecond()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        FileStream open;
        using (await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Directory.CreateDirectory(session.Workspace);
            open = new FileStream(Path.Combine(session.Workspace, "open.txt"), FileMode.Create);
        }

        await using (open)
        {
            _bed.Time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(1, table.UnmountIdle(TimeSpan.Zero));
            var holder = HoldingDevice(session.VolumeImage);
            Assert.NotNull(holder);

            using var again = await table.OpenExistingAsync(session, Cancel).WaitAsync(TestTimeout, Cancel);

            Assert.Equal(holder, MountSource(session.Volume));
            open.Write("written through the detached mount"u8);
            await open.FlushAsync(Cancel).WaitAsync(TestTimeout, Cancel);
            Assert.Equal("written through the detached mount", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "open.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
        }
    }

    [Fact]
    public async Task Delete_UnmountsAndRemovesTheImage_AndFreesTheLoopDevice()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        using (await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
        }

        var image = VolumeCalls.Canonical(session.VolumeImage)!;
        await table.DeleteAsync(session, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.False(File.Exists(session.VolumeImage));
        Assert.False(table.HasFiles(session));
        await AssertNotHeldAsync(image).WaitAsync(TestTimeout, Cancel);
    }

    [Fact]
    public async Task OpenExisting_OfASessionWithoutFiles_IsNull_AndLeavesNothingBehind()
    {
        var table = _bed.Table();
        var session = _bed.Session(make: false);

        Assert.Null(await table.OpenExistingAsync(session, Cancel).WaitAsync(TestTimeout, Cancel));
        Assert.False(Directory.Exists(session.Root));
    }

    [Fact]
    public async Task Open_WithoutASessionDirectory_MakesIt()
    {
        var table = _bed.Table();
        var session = _bed.Session(make: false);

        using (await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Assert.True(MountTable.IsMountRoot(session.Volume));
            Assert.True(File.Exists(session.VolumeImage));
        }
    }

    [Fact]
    public async Task LeftoversOfAKilledServer_AreDetachedAtStart_ButNotThePoolsVolumes()
    {
        var session = _bed.Session();
        using (await _bed.Table().OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
        }

        // A pooled volume of the running server, below the same sandboxes directory.
        var pooled = Path.Combine(_bed.SandboxesDirectory, ".volume-pool", "ready", "volume");
        Directory.CreateDirectory(pooled);
        Assert.Equal(0, VolumeCalls.Mount("tmpfs", pooled, "tmpfs", VolumeCalls.MountNoSuid | VolumeCalls.MountNoDev, "size=64k"));

        // A second table on the same directory: the first one "died" without unmounting.
        var detached = _bed.Table().DetachLeftovers();

        Assert.Equal(1, detached);
        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.True(MountTable.IsMountRoot(pooled));
        await AssertNotHeldAsync(VolumeCalls.Canonical(session.VolumeImage)!).WaitAsync(TestTimeout, Cancel);
    }

    [Fact]
    public async Task PastMaxMounted_TheVolumeIdleLongestIsUnmounted_OnlyIt_ThenOpeningIsRefusedClearly()
    {
        var table = _bed.Table(_bed.Options(volumes => volumes.MaxMounted = 3));
        using var held = await table.OpenAsync(_bed.Session(), Small, Cancel).WaitAsync(TestTimeout, Cancel);
        var older = _bed.Session();
        var newer = _bed.Session();
        using (await table.OpenAsync(older, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
        }

        _bed.Time.Advance(TimeSpan.FromSeconds(1));
        using (await table.OpenAsync(newer, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
        }

        using var fourth = await table.OpenAsync(_bed.Session(), Small, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.False(MountTable.IsMountRoot(older.Volume));
        Assert.True(MountTable.IsMountRoot(newer.Volume));
        Assert.Equal(3, table.MountedCount);

        using var fifth = await table.OpenAsync(_bed.Session(), Small, Cancel).WaitAsync(TestTimeout, Cancel);
        Assert.False(MountTable.IsMountRoot(newer.Volume));

        var refused = await Assert.ThrowsAsync<VolumeException>(() => table.OpenAsync(_bed.Session(), Small, Cancel).WaitAsync(TestTimeout, Cancel));
        Assert.Equal(3, table.MountedCount);
        Assert.Contains("All 3 session volumes this server may mount are in use (Ash:Sandbox:Volumes:MaxMounted)", refused.Message);
    }

    [Fact]
    public async Task NoLoopControl_IsAClearError_NotAHang()
    {
        var options = _bed.Options(volumes => volumes.LoopControlPath = Path.Combine(_bed.Root, "no-loop-control"));
        var table = _bed.Table(options);

        var support = LimitEnforcement.Detect(options).Volumes;
        var refused = await Assert.ThrowsAsync<VolumeException>(() => AttachAsync(Path.Combine(_bed.Root, "no-loop-control"), _bed.Root).WaitAsync(TestTimeout, Cancel));

        Assert.False(support.Active);
        Assert.Contains("loop devices cannot be used", support.Problem);
        Assert.Contains("No such file or directory", refused.Message);
        Assert.False(table.Enabled);
    }

    [Fact]
    public async Task ALoopControlThatGivesNoDevice_IsAClearError_NotAHang()
    {
        // /dev/null opens like /dev/loop-control but answers LOOP_CTL_GET_FREE with ENOTTY, as the real one
        // answers with an error when the kernel cannot add another loop device.
        var refused = await Assert.ThrowsAsync<VolumeException>(() => AttachAsync("/dev/null", _bed.Root).WaitAsync(TestTimeout, Cancel));

        Assert.StartsWith("No loop device is free and the kernel cannot add one", refused.Message);
    }

    [Fact]
    public async Task SwitchedOff_FilesArePlainDirectories_AndOldLayoutIsRenamedIn()
    {
        var table = _bed.Table(_bed.Options(volumes => volumes.Enabled = false));
        var session = _bed.Session();
        Directory.CreateDirectory(session.LegacyWorkspace);
        await File.WriteAllTextAsync(Path.Combine(session.LegacyWorkspace, "a.txt"), "a", Cancel).WaitAsync(TestTimeout, Cancel);

        using var lease = await table.OpenExistingAsync(session, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.NotNull(lease);
        Assert.Null(lease.Profile);
        Assert.Equal(session.Workspace, lease.Workspace);
        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "a.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
        Assert.False(File.Exists(session.VolumeImage));
    }

    private static Task AttachAsync(string controlPath, string directory) => Task.Run(() =>
    {
        var image = Path.Combine(directory, "any.img");
        File.WriteAllBytes(image, new byte[4096]);
        using var loop = new LoopDevices(controlPath, directory).Attach(image);
    });
}

using Ash.Core.Sandboxes;
using Ash.Sandbox;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Volumes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ash.Core.Tests.Sandboxes.Egress;

namespace Ash.Core.Tests.Sandboxes.Volumes;

/// <summary>The session volume table on real loop devices and mounts (as root, as the server runs).</summary>
public sealed class SessionVolumesTests : IAsyncLifetime
{
    private static readonly VolumeProfile Small = new(32 * ResourceLimits.MiB, 1_000);

    private readonly string _root = Directory.CreateTempSubdirectory("ash-session-volumes-").FullName;
    private readonly ManualTimeProvider _time = new();
    private readonly List<SessionVolumes> _tables = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        foreach (var table in _tables)
        {
            table.Dispose();
        }

        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private SandboxOptions Options(Action<VolumeOptions>? change = null)
    {
        var options = new SandboxOptions
        {
            SandboxesDirectory = Path.Combine(_root, "sandboxes"),
            SocketDirectory = Path.Combine(_root, "run"),
            Limits = new LimitDefaults { DiskMb = 32, MaxFiles = 1_000 },
        };
        change?.Invoke(options.Volumes);
        return options;
    }

    private SessionVolumes Table(SandboxOptions? options = null)
    {
        options ??= Options();
        var limits = LimitEnforcement.Detect(options);
        var table = new SessionVolumes(Microsoft.Extensions.Options.Options.Create(options), limits, new VolumePool(limits, _time, NullLogger<VolumePool>.Instance), _time, NullLogger<SessionVolumes>.Instance);
        _tables.Add(table);
        return table;
    }

    private SessionDirectories Session(SessionVolumes table, Guid? id = null)
    {
        var directories = new SessionDirectories(Path.Combine(_root, "sandboxes"), Path.Combine(_root, "run"), id ?? Guid.NewGuid());
        Directory.CreateDirectory(directories.Root);
        return directories;
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_MakesAMountedVolume_NosuidNodev_OfTheProfile()
    {
        var table = Table();
        var session = Session(table);

        using (await table.OpenAsync(session, Small, Cancel))
        {
            Assert.True(MountTable.IsMountRoot(session.Volume));
            var options = MountOptions(session.Volume);
            Assert.Contains("nosuid", options);
            Assert.Contains("nodev", options);
            Assert.DoesNotContain("noexec", options);
            Assert.InRange(VolumeUsage.Read(session.Volume).AvailableBytes, Small.DiskBytes, Small.DiskBytes + ResourceLimits.MiB);
            Assert.Equal(Small, VolumeProfile.Read(session.VolumeProfile));
            Assert.Equal(1, table.MountedCount);
        }
    }

    [Fact]
    public async Task AnIdleVolume_IsUnmounted_AndMountsAgainWithItsFiles()
    {
        var table = Table();
        var session = Session(table);
        using (await table.OpenAsync(session, Small, Cancel))
        {
            Directory.CreateDirectory(session.Workspace);
            await File.WriteAllTextAsync(Path.Combine(session.Workspace, "kept.txt"), "kept", Cancel);
            Assert.Equal(0, table.UnmountIdle(TimeSpan.Zero));
        }

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, table.UnmountIdle(TimeSpan.FromMinutes(2)));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, table.UnmountIdle(TimeSpan.FromMinutes(2)));
        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.Equal(0, table.MountedCount);
        Assert.True(table.HasFiles(session));

        using var again = await table.OpenExistingAsync(session, Cancel);

        Assert.NotNull(again);
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "kept.txt"), Cancel));
    }

    [Fact]
    public async Task ADetachedVolumeStillInUse_IsMountedFromItsOwnDevice_NeverASecond()
    {
        var table = Table();
        var session = Session(table);
        FileStream open;
        using (await table.OpenAsync(session, Small, Cancel))
        {
            Directory.CreateDirectory(session.Workspace);
            open = new FileStream(Path.Combine(session.Workspace, "open.txt"), FileMode.Create);
        }

        await using (open)
        {
            _time.Advance(TimeSpan.FromHours(1));
            table.UnmountIdle(TimeSpan.Zero);
            var image = VolumeCalls.Canonical(session.VolumeImage)!;
            var holder = new LoopDevices("/dev/loop-control", Path.Combine(_root, "nodes")).FindHolding(image);
            Assert.NotNull(holder);

            using var again = await table.OpenExistingAsync(session, Cancel);

            Assert.Equal(holder, MountSource(session.Volume));
            open.Write("written through the detached mount"u8);
            await open.FlushAsync(Cancel);
            Assert.Equal("written through the detached mount", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "open.txt"), Cancel));
        }
    }

    [Fact]
    public async Task Delete_UnmountsAndRemovesTheImage_AndFreesTheLoopDevice()
    {
        var table = Table();
        var session = Session(table);
        using (await table.OpenAsync(session, Small, Cancel))
        {
        }

        var image = VolumeCalls.Canonical(session.VolumeImage)!;
        await table.DeleteAsync(session, Cancel);

        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.False(File.Exists(session.VolumeImage));
        Assert.False(table.HasFiles(session));
        await AssertNotHeldAsync(image);
    }

    [Fact]
    public async Task ANewSessionOfTheDefaultProfile_TakesAReadyDirectoryFromThePool()
    {
        var options = Options(volumes => volumes.PoolSize = 1);
        var limits = LimitEnforcement.Detect(options);
        using var pool = new VolumePool(limits, _time, NullLogger<VolumePool>.Instance);
        var table = new SessionVolumes(Microsoft.Extensions.Options.Options.Create(options), limits, pool, _time, NullLogger<SessionVolumes>.Instance);
        _tables.Add(table);
        await pool.StartAsync(Cancel);
        for (var attempt = 0; pool.Count == 0; attempt++)
        {
            Assert.True(attempt < 200, "the pool never made a volume ready");
            await Task.Delay(50, Cancel);
        }

        var ready = Directory.GetDirectories(Path.Combine(_root, "volume-pool"));
        var session = new SessionDirectories(Path.Combine(_root, "sandboxes"), Path.Combine(_root, "run"), Guid.NewGuid());
        using (await table.OpenAsync(session, Small, Cancel))
        {
            Assert.Contains(ready, directory => !Directory.Exists(directory));
            Assert.True(MountTable.IsMountRoot(session.Volume));
            Assert.Equal(Small, VolumeProfile.Read(session.VolumeProfile));
            Assert.Equal(MountSource(session.Volume), new LoopDevices("/dev/loop-control", "/nonexistent").FindHolding(VolumeCalls.Canonical(session.VolumeImage)!));
        }

        // Another profile is never taken from the pool.
        var other = new SessionDirectories(Path.Combine(_root, "sandboxes"), Path.Combine(_root, "run"), Guid.NewGuid());
        using (await table.OpenAsync(other, new VolumeProfile(16 * ResourceLimits.MiB, 1_000), Cancel))
        {
            Assert.Equal(16 * ResourceLimits.MiB, VolumeProfile.Read(other.VolumeProfile)!.Value.DiskBytes);
        }

        await pool.StopAsync(Cancel);
    }

    [Fact]
    public async Task OpenExisting_OfASessionWithoutFiles_IsNull_AndLeavesNothingBehind()
    {
        var table = Table();
        var session = new SessionDirectories(Path.Combine(_root, "sandboxes"), Path.Combine(_root, "run"), Guid.NewGuid());

        Assert.Null(await table.OpenExistingAsync(session, Cancel));
        Assert.False(Directory.Exists(session.Root));
    }

    [Fact]
    public async Task Open_WithoutASessionDirectory_MakesIt()
    {
        var table = Table();
        var session = new SessionDirectories(Path.Combine(_root, "sandboxes"), Path.Combine(_root, "run"), Guid.NewGuid());

        using (await table.OpenAsync(session, Small, Cancel))
        {
            Assert.True(MountTable.IsMountRoot(session.Volume));
            Assert.True(File.Exists(session.VolumeImage));
        }
    }

    [Fact]
    public async Task FilesFromBeforeVolumes_AreMovedIntoAVolume_LinksKeptAsLinks()
    {
        var table = Table();
        var session = Session(table);
        Directory.CreateDirectory(Path.Combine(session.LegacyWorkspace, "src"));
        await File.WriteAllTextAsync(Path.Combine(session.LegacyWorkspace, "src", "main.py"), "print(1)", Cancel);
        File.CreateSymbolicLink(Path.Combine(session.LegacyWorkspace, "passwd"), "/etc/passwd");
        Directory.CreateDirectory(Path.Combine(session.LegacyHome, ".claude"));
        Assert.True(table.HasFiles(session));

        using var volume = await table.OpenExistingAsync(session, Cancel);

        Assert.NotNull(volume);
        Assert.True(MountTable.IsMountRoot(session.Volume));
        Assert.Equal("print(1)", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "src", "main.py"), Cancel));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(session.Workspace, "passwd")).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(session.Home, ".claude")));
        Assert.False(Directory.Exists(session.LegacyWorkspace));
        Assert.False(Directory.Exists(session.LegacyHome));
    }

    [Fact]
    public async Task LeftoversOfAKilledServer_AreDetachedAtStart()
    {
        var session = Session(Table());
        using (await Table().OpenAsync(session, Small, Cancel))
        {
        }

        // A second table on the same directory: the first one "died" without unmounting.
        var detached = Table().DetachLeftovers();

        Assert.Equal(1, detached);
        Assert.False(MountTable.IsMountRoot(session.Volume));
        await AssertNotHeldAsync(VolumeCalls.Canonical(session.VolumeImage)!);
    }

    [Fact]
    public async Task PastMaxMounted_IdleVolumesAreUnmountedFirst_ThenOpeningIsRefusedClearly()
    {
        var table = Table(Options(volumes => volumes.MaxMounted = 2));
        using var first = await table.OpenAsync(Session(table), Small, Cancel);
        using (await table.OpenAsync(Session(table), Small, Cancel))
        {
        }

        using var third = await table.OpenAsync(Session(table), Small, Cancel);
        var refused = await Assert.ThrowsAsync<VolumeException>(() => table.OpenAsync(Session(table), Small, Cancel));

        Assert.Equal(2, table.MountedCount);
        Assert.Contains("All 2 session volumes this server may mount are in use (Ash:Sandbox:Volumes:MaxMounted)", refused.Message);
    }

    [Fact]
    public async Task NoLoopControl_IsAClearError_NotAHang()
    {
        var table = Table(Options(volumes => volumes.LoopControlPath = Path.Combine(_root, "no-loop-control")));

        var support = LimitEnforcement.Detect(Options(volumes => volumes.LoopControlPath = Path.Combine(_root, "no-loop-control"))).Volumes;
        var refused = await Assert.ThrowsAsync<VolumeException>(() => new LoopDevicesCaller(Path.Combine(_root, "no-loop-control")).AttachAsync(_root));

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
        var refused = await Assert.ThrowsAsync<VolumeException>(() => new LoopDevicesCaller("/dev/null").AttachAsync(_root).WaitAsync(TimeSpan.FromSeconds(10), Cancel));

        Assert.StartsWith("No loop device is free and the kernel cannot add one", refused.Message);
    }

    [Fact]
    public async Task SwitchedOff_FilesArePlainDirectories_AndOldLayoutIsRenamedIn()
    {
        var table = Table(Options(volumes => volumes.Enabled = false));
        var session = Session(table);
        Directory.CreateDirectory(session.LegacyWorkspace);
        await File.WriteAllTextAsync(Path.Combine(session.LegacyWorkspace, "a.txt"), "a", Cancel);

        using var lease = await table.OpenExistingAsync(session, Cancel);

        Assert.Same(VolumeLease.None, lease);
        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "a.txt"), Cancel));
        Assert.False(File.Exists(session.VolumeImage));
    }

    private static async Task AssertNotHeldAsync(string canonicalImage)
    {
        var loops = new LoopDevices("/dev/loop-control", "/nonexistent");
        for (var attempt = 0; loops.FindHolding(canonicalImage) is not null; attempt++)
        {
            Assert.True(attempt < 100, $"a loop device still holds {canonicalImage}");
            await Task.Delay(50, Cancel);
        }
    }

    private static string MountOptions(string mountPoint) =>
        MountInfo(mountPoint)[5];

    private static string MountSource(string mountPoint)
    {
        var fields = MountInfo(mountPoint);
        return fields[Array.IndexOf(fields, "-") + 2];
    }

    private static string[] MountInfo(string mountPoint) =>
        File.ReadLines("/proc/self/mountinfo").Select(line => line.Split(' ')).Last(fields => MountTable.Unescape(fields[4]) == VolumeCalls.Canonical(mountPoint));

    private sealed class LoopDevicesCaller(string controlPath)
    {
        public Task AttachAsync(string directory) => Task.Run(() =>
        {
            var image = Path.Combine(directory, "any.img");
            File.WriteAllBytes(image, new byte[4096]);
            using var loop = new LoopDevices(controlPath, directory).Attach(image);
        });
    }
}

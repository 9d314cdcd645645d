using Ash.Core.Sandboxes;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Volumes;
using static Ash.Sandbox.Tests.Volumes.VolumeTestBed;

namespace Ash.Sandbox.Tests.Volumes;

/// <summary>Files from before volumes moved into one: by a sandbox start only, never following links, and safe at every crash and failure.</summary>
public sealed class LegacyMigrationTests : IDisposable
{
    private readonly VolumeTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task FilesFromBeforeVolumes_AreMovedIntoAVolume_LinksKeptAsLinks()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        Directory.CreateDirectory(Path.Combine(session.LegacyWorkspace, "src"));
        await File.WriteAllTextAsync(Path.Combine(session.LegacyWorkspace, "src", "main.py"), "print(1)", Cancel).WaitAsync(TestTimeout, Cancel);
        File.CreateSymbolicLink(Path.Combine(session.LegacyWorkspace, "passwd"), "/etc/passwd");
        Directory.CreateDirectory(Path.Combine(session.LegacyHome, ".claude"));
        Assert.True(table.HasFiles(session));

        using var volume = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.True(MountTable.IsMountRoot(session.Volume));
        Assert.Equal(Small, volume.Profile);
        Assert.Equal("print(1)", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "src", "main.py"), Cancel).WaitAsync(TestTimeout, Cancel));
        Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(session.Workspace, "passwd")).LinkTarget);
        Assert.True(Directory.Exists(Path.Combine(session.Home, ".claude")));
        Assert.False(Directory.Exists(session.LegacyWorkspace));
        Assert.False(Directory.Exists(session.LegacyHome));
        Assert.False(Directory.Exists(LegacyFiles.Container(session)));
        Assert.False(Directory.Exists(LegacyFiles.Migrated(session)));
        Assert.False(File.Exists(LegacyFiles.MigratingImage(session)));
    }

    [Fact]
    public async Task LinksToTheHostsRoot_AndToABigTree_AreNotFollowed_TheVolumeHasTheAgentsSize()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        Directory.CreateDirectory(session.LegacyWorkspace);
        Directory.CreateDirectory(session.LegacyHome);
        File.CreateSymbolicLink(Path.Combine(session.LegacyHome, "r"), "/");

        // What the link points at would need a volume eight times the agent's quota, were it counted.
        var elsewhere = Directory.CreateDirectory(Path.Combine(_bed.Root, "elsewhere")).FullName;
        using (var big = File.Create(Path.Combine(elsewhere, "big")))
        {
            big.SetLength(8 * Small.DiskBytes);
        }

        File.CreateSymbolicLink(Path.Combine(session.LegacyWorkspace, "big-tree"), elsewhere);

        using var volume = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.Equal(Small, VolumeProfile.Read(session.VolumeProfile));
        Assert.Equal("/", new DirectoryInfo(Path.Combine(session.Home, "r")).LinkTarget);
        Assert.Equal(elsewhere, new DirectoryInfo(Path.Combine(session.Workspace, "big-tree")).LinkTarget);
        Assert.Equal(8 * Small.DiskBytes, new FileInfo(Path.Combine(elsewhere, "big")).Length);
    }

    [Fact]
    public void TheSize_CountsADirectoryAsABlockAtLeast_AndEveryEntry_AndStopsPastTheLimit()
    {
        var tree = Directory.CreateDirectory(Path.Combine(_bed.Root, "tree")).FullName;
        for (var i = 0; i < 100; i++)
        {
            Directory.CreateDirectory(Path.Combine(tree, $"d{i}"));
        }

        File.WriteAllBytes(Path.Combine(tree, "one-byte"), [1]);
        File.CreateSymbolicLink(Path.Combine(tree, "root"), "/");

        var size = TreeSize.Measure([tree], new TreeSize(long.MaxValue, long.MaxValue));

        // The root, 100 empty directories, a file of one block and a link kept in its inode.
        Assert.Equal(new TreeSize((101 + 1) * VolumeProfile.BlockSize, 103), size);
        Assert.Null(TreeSize.Measure([tree], new TreeSize(long.MaxValue, 50)));
        Assert.Null(TreeSize.Measure([tree], new TreeSize(50 * VolumeProfile.BlockSize, long.MaxValue)));
    }

    [Fact]
    public async Task FilesThatNeedMoreThanTwiceTheQuota_AreRefusedSayingSo_AndStayWhereTheyAre()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        Directory.CreateDirectory(session.LegacyWorkspace);
        using (var big = File.Create(Path.Combine(session.LegacyWorkspace, "big")))
        {
            big.SetLength(3 * Small.DiskBytes);
        }

        var refused = await Assert.ThrowsAsync<VolumeException>(() => table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel));

        Assert.Contains("need more than 64 MiB or 2000 files, twice the agent's limits", refused.Message);
        Assert.False(File.Exists(session.VolumeImage));
        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.Equal(0, table.MountedCount);
        Assert.True(table.HasFiles(session));
        using var inPlace = await table.OpenExistingAsync(session, Cancel).WaitAsync(TestTimeout, Cancel);
        Assert.NotNull(inPlace);
        Assert.Equal(3 * Small.DiskBytes, new FileInfo(Path.Combine(inPlace.Workspace, "big")).Length);
    }

    [Fact]
    public async Task FilesThatHoldMoreThanTheQuota_GetAVolumeThatHoldsThem_AtMostTwiceIt()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        Directory.CreateDirectory(session.LegacyWorkspace);
        using (var big = File.Create(Path.Combine(session.LegacyWorkspace, "big")))
        {
            big.SetLength(40 * ResourceLimits.MiB);
        }

        using var volume = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel);

        // 40 MiB and room to spare, rounded up to 256 MiB, is more than twice the quota: twice the quota. The files fit the agent's 1,000.
        Assert.Equal(new VolumeProfile(2 * Small.DiskBytes, Small.MaxFiles), volume.Profile);
        Assert.Equal(40 * ResourceLimits.MiB, new FileInfo(Path.Combine(session.Workspace, "big")).Length);
    }

    [Fact]
    public async Task AFileRequest_UsesTheFilesWhereTheyAre_OnlyASandboxStartMovesThem_WithTheAgentsLimits()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        Directory.CreateDirectory(session.LegacyWorkspace);
        await File.WriteAllTextAsync(Path.Combine(session.LegacyWorkspace, "a.txt"), "a", Cancel).WaitAsync(TestTimeout, Cancel);
        var agent = new VolumeProfile(48 * ResourceLimits.MiB, 3_000);

        using (var inPlace = await table.OpenExistingAsync(session, Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Assert.NotNull(inPlace);
            Assert.True(inPlace.FromBeforeVolumes);
            Assert.Null(inPlace.Profile);
            Assert.Equal(session.LegacyWorkspace, inPlace.Workspace);
            Assert.False(File.Exists(session.VolumeImage));
            Assert.False(MountTable.IsMountRoot(session.Volume));
        }

        using var started = await table.OpenAsync(session, agent, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.Equal(agent, VolumeProfile.Read(session.VolumeProfile));
        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(started.Workspace, "a.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
    }

    [Fact]
    public async Task APlainDirectoryMovedAside_StillCountsAsTheSessionsFiles()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        Directory.CreateDirectory(Path.Combine(LegacyFiles.Container(session), "workspace"));

        Assert.True(table.HasFiles(session));
        using var inPlace = await table.OpenExistingAsync(session, Cancel).WaitAsync(TestTimeout, Cancel);
        Assert.Equal(Path.Combine(LegacyFiles.Container(session), "workspace"), inPlace!.Workspace);
    }

    [Fact]
    public async Task AMigrationThatFailsAfterMounting_TakesTheVolumeOff_AndLeavesTheFiles_ForTheNextStart()
    {
        var table = _bed.Table();
        var session = _bed.Session();
        Directory.CreateDirectory(session.LegacyWorkspace);
        await File.WriteAllTextAsync(Path.Combine(session.LegacyWorkspace, "a.txt"), "a", Cancel).WaitAsync(TestTimeout, Cancel);

        // Something in the way of the commit's first rename: the copy is made, then the commit fails.
        await File.WriteAllTextAsync(LegacyFiles.Migrated(session), "in the way", Cancel).WaitAsync(TestTimeout, Cancel);
        await Assert.ThrowsAnyAsync<IOException>(() => table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel));

        Assert.False(MountTable.IsMountRoot(session.Volume));
        Assert.Equal(0, table.MountedCount);
        Assert.False(File.Exists(session.VolumeImage));
        Assert.False(File.Exists(LegacyFiles.MigratingImage(session)));
        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(LegacyFiles.Container(session), "workspace", "a.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
        await AssertNotHeldAsync(LegacyFiles.MigratingImage(session)).WaitAsync(TestTimeout, Cancel);

        File.Delete(LegacyFiles.Migrated(session));
        using var volume = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "a.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
    }

    [Fact]
    public async Task ACrashBeforeTheCommit_IsMigratedAgain_FromTheFilesAsTheyWere()
    {
        var table = _bed.Table();
        var session = _bed.Session();

        // The commit renamed the gathered files, then the server died before the image was renamed.
        var migrated = LegacyFiles.Migrated(session);
        Directory.CreateDirectory(Path.Combine(migrated, "workspace"));
        Directory.CreateDirectory(Path.Combine(migrated, "home"));
        await File.WriteAllTextAsync(Path.Combine(migrated, "workspace", "a.txt"), "a", Cancel).WaitAsync(TestTimeout, Cancel);
        await File.WriteAllTextAsync(LegacyFiles.MigratingImage(session), "half made", Cancel).WaitAsync(TestTimeout, Cancel);
        Assert.True(table.HasFiles(session));

        using var volume = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.Equal("a", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "a.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
        Assert.False(Directory.Exists(migrated));
        Assert.False(File.Exists(LegacyFiles.MigratingImage(session)));
    }

    [Fact]
    public async Task ACrashAfterTheCommit_KeepsTheVolumesFiles_AndRemovesOnlyTheCopiedOnes()
    {
        var table = _bed.Table();
        var session = await UnmountedVolumeHoldingCurrentAsync(table);

        // What the server left when it died between the image's rename and removing the copied files.
        var migrated = LegacyFiles.Migrated(session);
        Directory.CreateDirectory(Path.Combine(migrated, "workspace"));
        await File.WriteAllTextAsync(Path.Combine(migrated, "workspace", "old.txt"), "old", Cancel).WaitAsync(TestTimeout, Cancel);

        using var again = await table.OpenExistingAsync(session, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.Equal("current", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "current.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
        Assert.False(File.Exists(Path.Combine(session.Workspace, "old.txt")));
        Assert.False(Directory.Exists(migrated));
    }

    [Fact]
    public async Task FilesFromBeforeVolumesBesideAVolume_NeverReplaceIt_AndAreKept()
    {
        var table = _bed.Table();
        var session = await UnmountedVolumeHoldingCurrentAsync(table);

        // The layout before volumes, half gone (a crash of the code before this one), and a plain directory left where the volume mounts.
        Directory.CreateDirectory(session.LegacyHome);
        Directory.CreateDirectory(Path.Combine(session.Volume, "workspace"));
        await File.WriteAllTextAsync(Path.Combine(session.Volume, "workspace", "plain.txt"), "plain", Cancel).WaitAsync(TestTimeout, Cancel);

        using var again = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel);

        Assert.True(MountTable.IsMountRoot(session.Volume));
        Assert.Equal("current", await File.ReadAllTextAsync(Path.Combine(session.Workspace, "current.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
        Assert.True(Directory.Exists(session.LegacyHome));
        Assert.Equal("plain", await File.ReadAllTextAsync(Path.Combine(LegacyFiles.Container(session), "workspace", "plain.txt"), Cancel).WaitAsync(TestTimeout, Cancel));
    }

    /// <summary>A session whose volume holds current.txt and has since been unmounted as idle.</summary>
    private async Task<SessionDirectories> UnmountedVolumeHoldingCurrentAsync(SessionVolumes table)
    {
        var session = _bed.Session();
        using (var volume = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Directory.CreateDirectory(volume.Workspace);
            await File.WriteAllTextAsync(Path.Combine(volume.Workspace, "current.txt"), "current", Cancel).WaitAsync(TestTimeout, Cancel);
        }

        _bed.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, table.UnmountIdle(TimeSpan.Zero));
        return session;
    }
}

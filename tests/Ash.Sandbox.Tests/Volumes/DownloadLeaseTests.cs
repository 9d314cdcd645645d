using Ash.Core.Workspaces;
using Ash.Sandbox.Volumes;
using Ash.Sandbox.Workspaces;
using Microsoft.Extensions.Logging.Abstractions;
using static Ash.Sandbox.Tests.Volumes.VolumeTestBed;

namespace Ash.Sandbox.Tests.Volumes;

/// <summary>A download holds its session's volume until its stream is disposed: "in use" means leased.</summary>
public sealed class DownloadLeaseTests : IDisposable
{
    private readonly VolumeTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task AFileStillBeingDownloaded_KeepsItsVolumeMounted_UntilItsStreamIsDisposed()
    {
        var (table, files, session) = await SessionWithFileAsync("a.txt", "A");

        var opened = await files.OpenReadAsync(session.SessionId, "a.txt", Cancel).WaitAsync(TestTimeout, Cancel);
        Assert.True(opened.IsSuccess);
        _bed.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, table.UnmountIdle(TimeSpan.Zero));
        Assert.True(MountTable.IsMountRoot(session.Volume));

        await opened.Value.DisposeAsync().AsTask().WaitAsync(TestTimeout, Cancel);
        _bed.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, table.UnmountIdle(TimeSpan.Zero));
    }

    [Fact]
    public async Task AnArchiveStillBeingDownloaded_KeepsItsVolumeMounted_UntilItIsDisposed()
    {
        var (table, files, session) = await SessionWithFileAsync("a.txt", "A");

        var opened = await files.OpenArchiveAsync(session.SessionId, Cancel).WaitAsync(TestTimeout, Cancel);
        Assert.True(opened.IsSuccess);
        _bed.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, table.UnmountIdle(TimeSpan.Zero));

        await opened.Value.DisposeAsync().AsTask().WaitAsync(TestTimeout, Cancel);
        _bed.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, table.UnmountIdle(TimeSpan.Zero));
    }

    [Fact]
    public async Task AVolumeUnmountedBehindTheServersBack_WhileADownloadReadsIt_MountsAgainWithItsOwnFiles()
    {
        var (table, files, session) = await SessionWithFileAsync("a.txt", "A");
        var opened = await files.OpenReadAsync(session.SessionId, "a.txt", Cancel).WaitAsync(TestTimeout, Cancel);
        Assert.True(opened.IsSuccess);
        await using var download = opened.Value;
        var device = MountSource(session.Volume);

        // As after an administrator's umount -l: the download keeps the detached file system, and its device, alive.
        Assert.Equal(1, VolumeMount.Unmount(session.Volume));

        // Other sessions take loop devices meanwhile.
        foreach (var other in new[] { _bed.Session(), _bed.Session() })
        {
            using var volume = await table.OpenAsync(other, Small, Cancel).WaitAsync(TestTimeout, Cancel);
            Directory.CreateDirectory(volume.Workspace);
            await File.WriteAllTextAsync(Path.Combine(volume.Workspace, "a.txt"), "not A", Cancel).WaitAsync(TestTimeout, Cancel);
        }

        var again = await files.OpenReadAsync(session.SessionId, "a.txt", Cancel).WaitAsync(TestTimeout, Cancel);
        Assert.True(again.IsSuccess);
        await using var read = again.Value;

        Assert.Equal(device, MountSource(session.Volume));
        Assert.Equal("A", await new StreamReader(read.Content).ReadToEndAsync(Cancel).WaitAsync(TestTimeout, Cancel));
    }

    private async Task<(SessionVolumes Table, LocalWorkspaceFiles Files, Ash.Sandbox.Directories.SessionDirectories Session)> SessionWithFileAsync(string name, string content)
    {
        var options = _bed.Options();
        var table = _bed.Table(options);
        var session = _bed.Session();
        using (var volume = await table.OpenAsync(session, Small, Cancel).WaitAsync(TestTimeout, Cancel))
        {
            Directory.CreateDirectory(volume.Workspace);
            await File.WriteAllTextAsync(Path.Combine(volume.Workspace, name), content, Cancel).WaitAsync(TestTimeout, Cancel);
        }

        var files = new LocalWorkspaceFiles(
            Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Options.Options.Create(new WorkspaceOptions()), table, NullLogger<LocalWorkspaceFiles>.Instance);
        return (table, files, session);
    }
}

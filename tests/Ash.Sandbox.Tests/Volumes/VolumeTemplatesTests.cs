using System.Diagnostics;
using Ash.Core.Sandboxes;
using Ash.Sandbox.Volumes;

namespace Ash.Sandbox.Tests.Volumes;

/// <summary>Real mkfs.ext4, loop devices and mounts (the tests run as root, as the server does).</summary>
public sealed class VolumeTemplatesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ash-volume-templates-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private VolumeTemplates Templates => new(Path.Combine(_root, "templates"), "/usr/sbin/mkfs.ext4");

    [Theory]
    [InlineData(16, 1_000)]
    [InlineData(64, 2_000)]
    [InlineData(64, 200_000)]
    [InlineData(1_000, 50_000)]
    [InlineData(4_096, 200_000)]
    public async Task AVolume_OffersItsDiskSizeAndFileCount_AndLittleMore(long diskMb, long maxFiles)
    {
        var profile = new VolumeProfile(diskMb * ResourceLimits.MiB, maxFiles);
        var templates = Templates;
        await templates.EnsureAsync(profile, TestContext.Current.CancellationToken);
        var image = Path.Combine(_root, "volume.img");
        templates.CreateImage(profile, image);

        var usage = MountAndRead(image);

        Assert.InRange(usage.AvailableBytes, profile.DiskBytes, profile.DiskBytes + Math.Max(1 * ResourceLimits.MiB, profile.DiskBytes / 200));
        var groups = (diskMb / 128) + (maxFiles / 32_768) + 2;
        Assert.InRange(usage.FreeFiles, maxFiles, maxFiles + VolumeProfile.OwnInodes + (16 * groups));
        Assert.True(new FileInfo(image).Length > profile.DiskBytes, "the image holds the file system's metadata beside the data");
        Assert.True(AllocatedBytes(image) < 4 * ResourceLimits.MiB, $"a fresh volume should cost the host almost nothing, took {AllocatedBytes(image)} bytes");
    }

    [Fact]
    public async Task EachCopy_HasItsOwnIdentity_AndPassesFsck()
    {
        var profile = new VolumeProfile(32 * ResourceLimits.MiB, 1_000);
        var templates = Templates;
        await templates.EnsureAsync(profile, TestContext.Current.CancellationToken);
        var first = Path.Combine(_root, "first.img");
        var second = Path.Combine(_root, "second.img");

        templates.CreateImage(profile, first);
        templates.CreateImage(profile, second);

        Assert.NotEqual(Ext4Superblock.Read(first).Uuid, Ext4Superblock.Read(second).Uuid);
        Assert.NotEqual(Ext4Superblock.Read(templates.PathOf(profile)).Uuid, Ext4Superblock.Read(first).Uuid);
        var fsck = Process.Start(new ProcessStartInfo("/usr/sbin/e2fsck", ["-f", "-n", first]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await fsck.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken) + await fsck.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await fsck.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(fsck.ExitCode == 0, output);
        MountAndRead(first);
    }

    [Fact]
    public void SuperblockChecksum_IsTheKernelsCrc32c()
    {
        // crc32c(~0, "123456789") without the final inversion: the standard check value 0xE3069283 inverted.
        Assert.Equal(~0xE3069283u, Ext4Superblock.Checksum("123456789"u8));
    }

    [Fact]
    public async Task ABrokenMkfs_IsAClearError()
    {
        var templates = new VolumeTemplates(Path.Combine(_root, "templates"), "/bin/false");

        var error = await Assert.ThrowsAsync<VolumeException>(() => templates.EnsureAsync(new VolumeProfile(16 * ResourceLimits.MiB, 1_000), TestContext.Current.CancellationToken));

        Assert.Contains("/bin/false failed with exit code 1", error.Message);
        Assert.Empty(Directory.EnumerateFiles(templates.Directory));
    }

    private VolumeUsage MountAndRead(string image)
    {
        var mountPoint = Directory.CreateDirectory(Path.Combine(_root, "mnt-" + Guid.NewGuid().ToString("N"))).FullName;
        using (var loop = new LoopDevices("/dev/loop-control", Path.Combine(_root, "nodes")).Attach(image))
        {
            VolumeMount.Mount(loop.Path, mountPoint);
        }

        try
        {
            return VolumeUsage.Read(mountPoint);
        }
        finally
        {
            Assert.Equal(1, VolumeMount.Unmount(mountPoint));
        }
    }

    private static long AllocatedBytes(string path)
    {
        var du = Process.Start(new ProcessStartInfo("/usr/bin/du", ["-B1", path]) { RedirectStandardOutput = true })!;
        var output = du.StandardOutput.ReadToEnd();
        du.WaitForExit();
        return long.Parse(output.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}

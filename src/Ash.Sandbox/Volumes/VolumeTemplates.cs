using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Ash.Sandbox.Directories;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// One formatted ext4 image per volume profile, kept in the data directory; a session's volume is a sparse
/// copy of it with its own identity (~0.3 ms), so no session waits for mkfs. The server's default profile
/// is formatted at start-up (<see cref="VolumeSupport"/>); another profile (an agent's own diskMb or
/// maxFiles) is formatted the first time a session needs it, once, and kept for the next sessions.
/// </summary>
internal sealed class VolumeTemplates(string directory, string mkfsPath)
{
    /// <summary>An image whose format ran longer than this is given up (never a hang).</summary>
    private static readonly TimeSpan FormatTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Every feature named, so the host's mke2fs.conf does not choose them: no resize_inode (volumes never grow
    /// online), metadata_csum_seed (each copy can get its own UUID, <see cref="Ext4Superblock"/>).
    /// </summary>
    private const string Features = "none,has_journal,ext_attr,dir_index,filetype,extent,64bit,flex_bg,sparse_super,large_file,huge_file,dir_nlink,extra_isize,metadata_csum,metadata_csum_seed";

    private readonly ConcurrentDictionary<VolumeProfile, SemaphoreSlim> _formatting = new();

    public string Directory { get; } = directory;

    public string PathOf(VolumeProfile profile) => Path.Combine(Directory, profile.TemplateName);

    /// <summary>Formats the profile's template unless it exists. Concurrent callers for one profile wait for one format.</summary>
    public async Task EnsureAsync(VolumeProfile profile, CancellationToken cancellationToken)
    {
        var path = PathOf(profile);
        if (File.Exists(path))
        {
            return;
        }

        var gate = _formatting.GetOrAdd(profile, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(path))
            {
                await FormatAsync(profile, path, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Makes <paramref name="image"/> (which must not exist) a fresh volume of <paramref name="profile"/>, whose template exists.</summary>
    public void CreateImage(VolumeProfile profile, string image)
    {
        using var file = SparseCopy.Copy(PathOf(profile), image);
        Ext4Superblock.GiveNewIdentity(file, image);
    }

    /// <summary>
    /// Formats with the estimated size, then reads what the superblock says a writer will get and corrects
    /// the size until that is the profile's data size (to within a small slack): exact whatever mke2fs
    /// version or geometry rounding is at work.
    /// </summary>
    private async Task FormatAsync(VolumeProfile profile, string path, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.SetUnixFileMode(Directory, DirectoryModes.OwnerOnly);
        var staging = path + "." + Guid.NewGuid().ToString("N") + ".new";
        var wanted = profile.DataBlocks;
        var slack = Math.Max(64, wanted / 500);
        var blocks = profile.EstimateBlocks();
        try
        {
            for (var attempt = 0; attempt < 4; attempt++)
            {
                await FormatOnceAsync(profile, staging, blocks, cancellationToken);
                var superblock = Ext4Superblock.Read(staging);
                if (superblock.InodesCount < profile.Inodes)
                {
                    throw new VolumeException($"mkfs.ext4 made {superblock.InodesCount} inodes where {profile.Inodes} were asked for");
                }

                var available = superblock.AvailableBlocks;
                if (available >= wanted && available - wanted <= slack)
                {
                    File.Move(staging, path);
                    return;
                }

                // ext4 keeps back 2% of any added blocks (up to its cap): add a little more than the shortfall.
                var shortfall = wanted - available + (slack / 2);
                blocks += shortfall + (shortfall / 49);
            }

            throw new VolumeException($"No ext4 geometry gave {profile.DiskMb} MiB and {profile.MaxFiles} files in 4 attempts");
        }
        finally
        {
            File.Delete(staging);
        }
    }

    private async Task FormatOnceAsync(VolumeProfile profile, string image, long blocks, CancellationToken cancellationToken)
    {
        File.Delete(image);
        using (var file = SparseCopy.CreateOwnerOnly(image))
        {
            RandomAccess.SetLength(file, blocks * VolumeProfile.BlockSize);
        }

        var startInfo = new ProcessStartInfo(mkfsPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            "-q", "-F",
            "-b", VolumeProfile.BlockSize.ToString(CultureInfo.InvariantCulture),
            "-I", VolumeProfile.InodeSize.ToString(CultureInfo.InvariantCulture),
            "-N", profile.Inodes.ToString(CultureInfo.InvariantCulture),
            "-m", "0",
            "-J", "size=" + (VolumeProfile.JournalBlocks * VolumeProfile.BlockSize / (1024 * 1024)).ToString(CultureInfo.InvariantCulture),
            "-O", Features,
            "-e", "remount-ro",

            // The image is a fresh sparse file, so inode tables and journal already read as zeros: nothing
            // to write now, and volumes are mounted with noinit_itable so the kernel does not write them later.
            "-E", "lazy_itable_init=1,lazy_journal_init=1,nodiscard,root_owner=0:0",
            "-L", "ash-volume",
            image,
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        startInfo.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";

        using var process = Process.Start(startInfo) ?? throw new VolumeException($"{mkfsPath} could not be started");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FormatTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new VolumeException($"{mkfsPath} did not finish within {FormatTimeout.TotalSeconds:0} s");
        }

        await output;
        var error = (await errors).Trim();
        if (process.ExitCode != 0)
        {
            throw new VolumeException($"{mkfsPath} failed with exit code {process.ExitCode}: {error}");
        }
    }
}

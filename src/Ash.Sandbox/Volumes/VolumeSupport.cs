using Ash.Sandbox.Workspaces;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// Whether this host can give sessions volumes, decided at start-up. <see cref="Detect"/> is cheap (root,
/// loop control, mkfs, ext4); <see cref="Probe"/>, run by the sandbox host's preflight, formats the default
/// template and mounts a copy of it once, so a host that cannot mount (no CAP_SYS_ADMIN in a container, a
/// kernel without LOOP_CONFIGURE) is found before any session is created. The server refuses to start
/// when volumes are on and cannot work (fail closed, issue 12).
/// </summary>
public sealed class VolumeSupport
{
    private VolumeSupport(VolumeOptions options, VolumeProfile defaultProfile, string problem, VolumeTemplates? templates, LoopDevices? loops, string poolDirectory)
    {
        Options = options;
        DefaultProfile = defaultProfile;
        Problem = problem;
        Templates = templates;
        Loops = loops;
        PoolDirectory = poolDirectory;
    }

    public VolumeOptions Options { get; }

    public bool Enabled => Options.Enabled;

    /// <summary>The server's default limits as a volume (<c>Ash:Sandbox:Limits</c>).</summary>
    public VolumeProfile DefaultProfile { get; }

    /// <summary>Why volumes cannot be used here (empty when they can, or when they are switched off).</summary>
    public string Problem { get; private set; }

    /// <summary>Disk and inode quotas are enforced by the kernel.</summary>
    public bool Active => Enabled && Problem.Length == 0;

    internal VolumeTemplates? Templates { get; }

    internal LoopDevices? Loops { get; }

    /// <summary>
    /// Where <see cref="VolumePool"/> keeps its mounted volumes (and the probe its one): inside the sandboxes
    /// directory, on its file system (a ready directory is renamed into place) and this server's alone (two
    /// servers whose sandboxes directories share a parent would clear each other's pool at start-up).
    /// </summary>
    internal string PoolDirectory { get; }

    public static VolumeSupport Detect(SandboxOptions options)
    {
        var volumes = options.Volumes;
        var sandboxesDirectory = Path.GetFullPath(options.SandboxesDirectory).TrimEnd('/');
        var dataDirectory = Path.GetDirectoryName(sandboxesDirectory)!;
        var poolDirectory = Path.Combine(sandboxesDirectory, ".volume-pool");
        if (!volumes.Enabled)
        {
            return new VolumeSupport(volumes, VolumeProfile.Of(options.Limits), string.Empty, null, null, poolDirectory);
        }

        var templateDirectory = volumes.TemplateDirectory is { Length: > 0 } configured ? Path.GetFullPath(configured) : Path.Combine(dataDirectory, "volume-templates");
        var templates = new VolumeTemplates(templateDirectory, volumes.MkfsPath);
        var loops = new LoopDevices(volumes.LoopControlPath, Path.Combine(options.SocketDirectory, "loop"));
        return new VolumeSupport(volumes, VolumeProfile.Of(options.Limits), Unusable(volumes) ?? string.Empty, templates, loops, poolDirectory);
    }

    /// <summary>Formats the default template and mounts a copy of it, checking that it offers the default limits. Sets <see cref="Problem"/> when anything fails.</summary>
    public void Probe()
    {
        if (!Active || Templates is null || Loops is null)
        {
            return;
        }

        var profile = DefaultProfile;

        // In the pool's directory, which the pool clears at start-up: a server killed mid-probe leaves nothing for good.
        Directory.CreateDirectory(PoolDirectory);
        File.SetUnixFileMode(PoolDirectory, Directories.DirectoryModes.OwnerOnly);
        var image = Path.Combine(PoolDirectory, $"probe-{Guid.NewGuid():N}.img");
        var mountPoint = image[..^".img".Length];
        try
        {
            Templates.EnsureAsync(profile, CancellationToken.None).GetAwaiter().GetResult();
            Templates.CreateImage(profile, image);
            Directory.CreateDirectory(mountPoint);
            using (var loop = Loops.Attach(image))
            {
                VolumeMount.Mount(loop.Path, mountPoint);
            }

            try
            {
                var usage = VolumeUsage.Read(mountPoint);
                if (usage.AvailableBytes < profile.DiskBytes || usage.FreeFiles < profile.MaxFiles)
                {
                    Problem = $"a volume of the default profile offers {usage.AvailableBytes} bytes and {usage.FreeFiles} files, less than the {profile.DiskBytes} bytes and {profile.MaxFiles} files it was made for";
                }
            }
            finally
            {
                VolumeMount.Unmount(mountPoint);
            }
        }
        catch (Exception exception) when (exception is VolumeException or IOException or UnauthorizedAccessException)
        {
            Problem = exception.Message;
        }
        finally
        {
            if (Directory.Exists(mountPoint) && !MountTable.IsMountRoot(mountPoint))
            {
                Directory.Delete(mountPoint);
            }

            File.Delete(image);
        }
    }

    private static string? Unusable(VolumeOptions options)
    {
        if (Native.LibC.GetEffectiveUserId() != 0)
        {
            return "attaching loop devices and mounting needs root";
        }

        if (!File.Exists(options.MkfsPath))
        {
            return $"Ash:Sandbox:Volumes:MkfsPath: '{options.MkfsPath}' not found (apt-get install e2fsprogs)";
        }

        if (!File.ReadAllText("/proc/filesystems").Contains("\text4\n", StringComparison.Ordinal))
        {
            return "the kernel has no ext4 file system";
        }

        var control = VolumeCalls.Open(options.LoopControlPath, VolumeCalls.ReadWrite, 0);
        if (control < 0)
        {
            return $"loop devices cannot be used: {options.LoopControlPath}: {VolumeCalls.Describe(FileSystemCalls.LastError)} (modprobe loop)";
        }

        FileSystemCalls.Close(control);
        return null;
    }
}

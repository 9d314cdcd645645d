using Ash.Core.Sandboxes;
using Ash.Sandbox;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Volumes;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Sandbox.Tests.Volumes;

/// <summary>
/// A sandboxes directory of its own with session volume tables on real loop devices and mounts (as root, as
/// the server runs); disposing it unmounts what its tables mounted and removes the directory.
/// </summary>
internal sealed class VolumeTestBed : IDisposable
{
    public static readonly VolumeProfile Small = new(32 * ResourceLimits.MiB, 1_000);

    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    private readonly List<IDisposable> _owned = [];

    public string Root { get; } = VolumeCalls.Canonical(Directory.CreateTempSubdirectory("ash-session-volumes-").FullName)!;

    public FakeTimeProvider Time { get; } = new();

    public string SandboxesDirectory => Path.Combine(Root, "sandboxes");

    public static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public SandboxOptions Options(Action<VolumeOptions>? change = null)
    {
        var options = new SandboxOptions
        {
            SandboxesDirectory = SandboxesDirectory,
            SocketDirectory = Path.Combine(Root, "run"),
            Limits = new LimitDefaults { DiskMb = 32, MaxFiles = 1_000 },
        };
        change?.Invoke(options.Volumes);
        return options;
    }

    public SessionVolumes Table(SandboxOptions? options = null) => Table(options ?? Options(), out _);

    public SessionVolumes Table(SandboxOptions options, out VolumePool pool)
    {
        var limits = LimitEnforcement.Detect(options);
        pool = new VolumePool(limits, Time, NullLogger<VolumePool>.Instance);
        var table = new SessionVolumes(Microsoft.Extensions.Options.Options.Create(options), limits, pool, Time, NullLogger<SessionVolumes>.Instance);
        _owned.Add(table);
        _owned.Add(pool);
        return table;
    }

    /// <summary>A session directory (made, unless <paramref name="make"/> is false).</summary>
    public SessionDirectories Session(Guid? id = null, bool make = true)
    {
        var directories = new SessionDirectories(SandboxesDirectory, Path.Combine(Root, "run"), id ?? Guid.NewGuid());
        if (make)
        {
            Directory.CreateDirectory(directories.Root);
        }

        return directories;
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        foreach (var mountPoint in MountTable.Below(Root))
        {
            VolumeMount.Unmount(mountPoint);
        }

        Directory.Delete(Root, recursive: true);
    }

    /// <summary>The loop device the kernel says holds <paramref name="image"/> (sysfs; also once the image is deleted), or null.</summary>
    public static string? HoldingDevice(string image)
    {
        var canonical = VolumeCalls.Canonical(image) ?? image;
        foreach (var device in Directory.EnumerateFileSystemEntries("/sys/class/block", "loop*"))
        {
            try
            {
                var backing = File.ReadAllText(Path.Combine(device, "loop", "backing_file")).TrimEnd('\n');
                if (backing == canonical || backing == canonical + " (deleted)")
                {
                    return "/dev/" + Path.GetFileName(device);
                }
            }
            catch (IOException)
            {
                // not bound
            }
        }

        return null;
    }

    /// <summary>The kernel frees an autoclear loop device shortly after its last user goes: polls (bounded) until none holds the image.</summary>
    public static Task AssertNotHeldAsync(string canonicalImage) =>
        Eventually.TrueAsync(() => HoldingDevice(canonicalImage) is null, $"no loop device to hold {canonicalImage}");

    public static string MountOptions(string mountPoint) => MountInfo(mountPoint)[5];

    public static string MountSource(string mountPoint)
    {
        var fields = MountInfo(mountPoint);
        return fields[Array.IndexOf(fields, "-") + 2];
    }

    private static string[] MountInfo(string mountPoint) =>
        (MountTable.Describe(VolumeCalls.Canonical(mountPoint)!) ?? throw new InvalidOperationException($"nothing is mounted at {mountPoint}")).Split(' ');
}

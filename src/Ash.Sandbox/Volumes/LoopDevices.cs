using System.Globalization;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Workspaces;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// Attaches image files to loop devices with ioctls on <c>/dev/loop-control</c> and <c>/dev/loopN</c>
/// (LOOP_CTL_GET_FREE, LOOP_CONFIGURE) instead of spawning losetup. Every device is attached with
/// LO_FLAGS_AUTOCLEAR, so the kernel detaches it by itself once the last user (the mount) is gone: an
/// unmount, or a server killed between attach and mount, never leaves a device behind.
/// </summary>
internal sealed class LoopDevices(string controlPath, string nodeDirectory)
{
    /// <summary>Another process may claim the device LOOP_CTL_GET_FREE named before we configure it.</summary>
    private const int Attempts = 16;

    /// <summary>The sysfs view of block devices: a bound loop device has <c>loop/backing_file</c>.</summary>
    private const string BlockDevices = "/sys/class/block";

    /// <summary>
    /// One claim at a time in this process: LOOP_CTL_GET_FREE names the same device to every caller until one of
    /// them configures it, so sessions started together (thousands at once, issue 14) would use up each other's
    /// attempts. Other processes can still race us; the attempts are for them.
    /// </summary>
    private static readonly Lock Claiming = new();

    /// <summary>A loop device holding <paramref name="image"/>, configured; the caller mounts it, then disposes the handle.</summary>
    public AttachedLoop Attach(string image)
    {
        var control = VolumeCalls.Open(controlPath, VolumeCalls.ReadWrite, 0);
        if (control < 0)
        {
            throw new VolumeException($"Loop devices cannot be used: {controlPath}: {VolumeCalls.Describe(FileSystemCalls.LastError)}");
        }

        var backing = -1;
        try
        {
            backing = VolumeCalls.Open(image, VolumeCalls.ReadWrite, 0);
            if (backing < 0)
            {
                throw new VolumeException($"The volume image '{image}' cannot be opened: {VolumeCalls.Describe(FileSystemCalls.LastError)}");
            }

            lock (Claiming)
            {
                return Claim(control, backing, image);
            }
        }
        finally
        {
            // The loop device holds its own reference to the file.
            if (backing >= 0)
            {
                FileSystemCalls.Close(backing);
            }

            FileSystemCalls.Close(control);
        }
    }

    private AttachedLoop Claim(int control, int backing, string image)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var number = VolumeCalls.Ioctl(control, VolumeCalls.LoopControlGetFree, 0);
            if (number < 0)
            {
                // The kernel creates loop devices on demand; it refuses only when it cannot make another.
                throw new VolumeException($"No loop device is free and the kernel cannot add one: {VolumeCalls.Describe(FileSystemCalls.LastError)}");
            }

            var path = DevicePath(number);
            var device = VolumeCalls.Open(path, VolumeCalls.ReadWrite, 0);
            if (device < 0)
            {
                throw new VolumeException($"Loop device {path} cannot be opened: {VolumeCalls.Describe(FileSystemCalls.LastError)}");
            }

            if (Configure(device, backing, image))
            {
                return new AttachedLoop(path, device);
            }

            var errno = FileSystemCalls.LastError;
            FileSystemCalls.Close(device);
            if (errno != VolumeCalls.EBUSY)
            {
                throw new VolumeException($"Loop device {path} cannot hold '{image}': {VolumeCalls.Describe(errno)}");
            }
        }

        throw new VolumeException($"No loop device could be claimed in {Attempts} attempts (other processes took each free one first)");
    }

    /// <summary>
    /// The loop device that holds <paramref name="image"/>, opened, or null. A detached mount stays alive while
    /// anything uses it; mounting its device again shares that file system, where a second device on the same
    /// image would put two file systems on one file. Our descriptor keeps the device from being cleared until
    /// the caller has mounted it and disposes the handle: without it, the device could be freed and given to
    /// another image between finding it and mounting it, and the session would mount someone else's files.
    /// </summary>
    public AttachedLoop? OpenHolding(string image)
    {
        if (BackingFile.Of(image) is not { } backing || VolumeCalls.Canonical(image) is not { } canonical || !Directory.Exists(BlockDevices))
        {
            return null;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(BlockDevices, "loop*"))
        {
            var name = Path.GetFileName(entry);
            string named;
            try
            {
                named = File.ReadAllText(Path.Combine(entry, "loop", "backing_file")).TrimEnd('\n');
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue; // not bound (no loop/ directory), or cleared meanwhile
            }

            // The name is a hint (what sysfs says may change the moment it is read); the device's own answer decides.
            if (string.Equals(named, canonical, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan("loop".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && OpenIfBacking(DevicePath(number), backing) is { } holding)
            {
                return holding;
            }
        }

        return null;
    }

    /// <summary>
    /// Opens <paramref name="device"/> and keeps it only if, once open (an open descriptor keeps an autoclear
    /// device bound), LOOP_GET_STATUS64 says its backing file is <paramref name="backing"/>.
    /// </summary>
    internal static unsafe AttachedLoop? OpenIfBacking(string device, BackingFile backing)
    {
        // Read-only: mounting refuses a block device someone else has open for writing on kernels built so.
        var descriptor = VolumeCalls.Open(device, FileSystemCalls.ReadOnly | FileSystemCalls.CloseOnExec, 0);
        if (descriptor < 0)
        {
            return null;
        }

        VolumeCalls.LoopInfo info;
        if (VolumeCalls.Ioctl(descriptor, VolumeCalls.LoopGetStatus, &info) == 0 && info.Device == backing.Device && info.Inode == backing.Inode)
        {
            return new AttachedLoop(device, descriptor);
        }

        FileSystemCalls.Close(descriptor);
        return null;
    }

    private static unsafe bool Configure(int device, int backing, string image)
    {
        var config = new VolumeCalls.LoopConfig { Descriptor = (uint)backing, BlockSize = VolumeProfile.BlockSize };
        config.Info.Flags = VolumeCalls.LoopFlagsAutoclear;

        // For losetup -l and /sys/block/loopN/loop/backing_file readers; the kernel keeps the file itself.
        var name = System.Text.Encoding.UTF8.GetBytes(image);
        var start = Math.Max(0, name.Length - 63);
        for (var i = start; i < name.Length; i++)
        {
            config.Info.FileName[i - start] = name[i];
        }

        return VolumeCalls.Ioctl(device, VolumeCalls.LoopConfigure, &config) == 0;
    }

    /// <summary>
    /// <c>/dev/loopN</c> where devtmpfs made the node; otherwise (a container with a static /dev) a node of
    /// our own, made from the device number the kernel gives in sysfs.
    /// </summary>
    private string DevicePath(int number)
    {
        var name = "loop" + number.ToString(CultureInfo.InvariantCulture);
        var standard = Path.Combine("/dev", name);
        if (File.Exists(standard))
        {
            return standard;
        }

        var own = Path.Combine(nodeDirectory, name);
        if (File.Exists(own))
        {
            return own;
        }

        var numbers = File.ReadAllText(Path.Combine(BlockDevices, name, "dev")).Trim().Split(':');
        var major = ulong.Parse(numbers[0], CultureInfo.InvariantCulture);
        var minor = ulong.Parse(numbers[1], CultureInfo.InvariantCulture);
        Directory.CreateDirectory(nodeDirectory);
        File.SetUnixFileMode(nodeDirectory, DirectoryModes.OwnerOnly);
        const uint BlockDevice = 0x6000;
        var device = ((major & 0xfffff000) << 32) | ((major & 0xfff) << 8) | ((minor & 0xffffff00) << 12) | (minor & 0xff);
        if (VolumeCalls.MakeNode(own, BlockDevice | 0b110_000_000, device) != 0)
        {
            throw new VolumeException($"Loop device {name} has no node in /dev and none can be made in {nodeDirectory}: {VolumeCalls.Describe(FileSystemCalls.LastError)}");
        }

        return own;
    }
}

/// <summary>
/// A file as LOOP_GET_STATUS64 names a loop device's backing file: the device of its file system in the
/// kernel's user-space encoding (new_encode_dev, as <c>losetup</c> prints it) and its inode number.
/// </summary>
internal readonly record struct BackingFile(ulong Device, ulong Inode)
{
    public static BackingFile? Of(string path)
    {
        if (!FileStatus.TryReadPath(path, out var status, out _))
        {
            return null;
        }

        var major = status.Device >> 32;
        var minor = status.Device & 0xFFFF_FFFF;
        return new BackingFile((minor & 0xFF) | (major << 8) | ((minor & ~0xFFUL) << 12), status.Inode);
    }
}

/// <summary>A configured loop device and our descriptor of it. Dispose after mounting: with autoclear, closing it before the mount holds the device would detach it.</summary>
internal sealed class AttachedLoop(string path, int descriptor) : IDisposable
{
    private int _descriptor = descriptor;

    public string Path { get; } = path;

    public void Dispose()
    {
        var descriptor = Interlocked.Exchange(ref _descriptor, -1);
        if (descriptor >= 0)
        {
            FileSystemCalls.Close(descriptor);
        }
    }
}

using Ash.Sandbox.Workspaces;

namespace Ash.Sandbox.Volumes;

/// <summary>What statvfs(3) says about a mounted volume: one system call, whatever the volume holds.</summary>
public readonly record struct VolumeUsage(long AvailableBytes, long FreeFiles)
{
    public static unsafe VolumeUsage Read(string mountPoint)
    {
        VolumeCalls.StatVfs status;
        if (VolumeCalls.StatVfsOf(mountPoint, &status) != 0)
        {
            throw new IOException($"statvfs '{mountPoint}': {VolumeCalls.Describe(FileSystemCalls.LastError)}");
        }

        return new VolumeUsage((long)(status.AvailableBlocks * status.FragmentSize), (long)status.AvailableFiles);
    }
}

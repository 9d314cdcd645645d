using Ash.Sandbox.Native;

namespace Ash.Sandbox.Directories;

/// <summary>
/// Copies a session's tree (workspace or home) for a fork. Symlinks are recreated as symlinks with the
/// same target and never followed, so a link the agent planted cannot make the server copy host
/// files; sockets, pipes and devices are skipped. Ownership is fixed when the child's sandbox starts.
/// </summary>
internal static class SessionTreeCopier
{
    public static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            try
            {
                CopyEntry(entry, Path.Combine(target, entry.Name));
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                // The agent may be running while its tree is copied: a file it removed meanwhile is simply not part of the copy.
            }
        }
    }

    private static void CopyEntry(FileSystemInfo entry, string destination)
    {
        if (entry.LinkTarget is { } linkTarget)
        {
            File.CreateSymbolicLink(destination, linkTarget);
            return;
        }

        switch (entry)
        {
            case DirectoryInfo directory:
                Copy(directory.FullName, destination);
                break;
            case FileInfo file when LibC.IsRegularFile(file.FullName):
                file.CopyTo(destination, overwrite: true);
                break;
            default:
                break;
        }
    }
}

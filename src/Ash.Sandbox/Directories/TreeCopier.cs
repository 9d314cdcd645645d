using Ash.Sandbox.Native;

namespace Ash.Sandbox.Directories;

/// <summary>
/// Copies a directory tree into a session. Links are never followed, so a planted link cannot make
/// the server copy host files: an agent folder drops them (<see cref="ForAgentFolder"/>), a session's own
/// tree keeps them as links with the same target (<see cref="ForSessionTree"/>, used by fork; they
/// resolve inside the sandbox only). Only regular files are copied: opening a FIFO would block, and
/// sockets and devices have no content. Entries removed while the copy runs (the agent may still be
/// working in a tree being forked) are left out. Ownership is fixed when the sandbox starts.
/// </summary>
internal sealed class TreeCopier
{
    public static readonly TreeCopier ForAgentFolder = new(keepLinks: false, skippedDirectories: [".git", "node_modules"]);

    public static readonly TreeCopier ForSessionTree = new(keepLinks: true, skippedDirectories: []);

    private readonly bool _keepLinks;
    private readonly HashSet<string> _skippedDirectories;

    private TreeCopier(bool keepLinks, string[] skippedDirectories)
    {
        _keepLinks = keepLinks;
        _skippedDirectories = new HashSet<string>(skippedDirectories, StringComparer.Ordinal);
    }

    public void Copy(string source, string target)
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
                // Removed since it was listed: not part of the copy.
            }
        }
    }

    private void CopyEntry(FileSystemInfo entry, string destination)
    {
        if (entry.LinkTarget is { } linkTarget)
        {
            if (_keepLinks)
            {
                File.CreateSymbolicLink(destination, linkTarget);
            }

            return;
        }

        switch (entry)
        {
            case DirectoryInfo directory when !_skippedDirectories.Contains(directory.Name):
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

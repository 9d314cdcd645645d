namespace Ash.Sandbox.Directories;

/// <summary>
/// Copies an agent folder into a fresh workspace. Symlinks in the agent folder are skipped, never
/// followed, so a deployed folder cannot pull host files into a sandbox.
/// </summary>
internal static class AgentFileCopier
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", "node_modules" };

    public static void Copy(string agentPath, string workspace)
    {
        CopyDirectory(new DirectoryInfo(agentPath), workspace);
    }

    private static void CopyDirectory(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in source.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            var destination = Path.Combine(target, entry.Name);
            switch (entry)
            {
                case DirectoryInfo directory when !SkippedDirectories.Contains(directory.Name):
                    CopyDirectory(directory, destination);
                    break;
                case FileInfo file:
                    file.CopyTo(destination, overwrite: true);
                    break;
                default:
                    break;
            }
        }
    }
}

namespace Ash.Sandbox.Limits;

/// <summary>
/// Bytes used by a session's files (workspace and home), counted without following links. Files are
/// counted by length, so a sparse file counts in full: the quota errs on the strict side.
/// </summary>
public static class DiskUsage
{
    public static long Of(params string[] roots)
    {
        long total = 0;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        foreach (var root in roots)
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            try
            {
                foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", options))
                {
                    total += file.Length;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The agent is changing the tree while it is counted; the next count catches up.
            }
        }

        return total;
    }
}

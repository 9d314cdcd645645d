namespace Ash.Sandbox.Directories;

internal static class DirectoryDeletion
{
    /// <summary>Recursive delete removes links themselves; it never follows them out of the tree.</summary>
    public static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

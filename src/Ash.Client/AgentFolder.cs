using System.IO.Enumeration;
using Ash.Client.Wire;

namespace Ash.Client;

// Reads a local agent folder into the files[] of an upload deploy.
internal static class AgentFolder
{
    private static readonly EnumerationOptions s_options = new()
    {
        RecurseSubdirectories = true,
        // Not the default Hidden|System: agents keep settings and skills under .claude/.
        // Symlinks are skipped: one could point anywhere on this machine (~/.ssh) and be uploaded unnoticed.
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = false,
    };

    public static async Task<IReadOnlyList<AgentFile>> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Agent folder '{root}' does not exist.");
        }

        var paths = new FileSystemEnumerable<string>(root, static (ref FileSystemEntry entry) => entry.ToFullPath(), s_options)
        {
            ShouldIncludePredicate = static (ref FileSystemEntry entry) => !entry.IsDirectory && !IsEnvFile(entry.FileName),
            ShouldRecursePredicate = static (ref FileSystemEntry entry) => !IsSkippedDirectory(entry.FileName),
        }.ToList();
        // Stable order makes uploads of the same folder byte-identical.
        paths.Sort(StringComparer.Ordinal);

        var files = new List<AgentFile>(paths.Count);
        foreach (var path in paths)
        {
            var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            files.Add(new AgentFile(relative, await File.ReadAllBytesAsync(path, cancellationToken)));
        }

        return files;
    }

    private static bool IsSkippedDirectory(ReadOnlySpan<char> name) => name is ".git" or "node_modules";

    // .env and .env.*: secrets for the agent's environment (the CLI's deploy reads them into env), never its files.
    private static bool IsEnvFile(ReadOnlySpan<char> name) => name is ".env" || name.StartsWith(".env.", StringComparison.Ordinal);
}

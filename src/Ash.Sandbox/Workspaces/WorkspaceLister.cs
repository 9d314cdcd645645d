using System.Collections.Frozen;
using Ash.Core.Workspaces;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// Lists a workspace's regular files. Links are neither listed nor followed; a directory is entered by
/// resolving its path again beneath the root, so one swapped for a link since it was seen is skipped.
/// </summary>
internal static class WorkspaceLister
{
    /// <summary>Left out of listings and bundles, as in Ash: dependencies and version control, not work.</summary>
    public static readonly FrozenSet<string> SkippedDirectories = FrozenSet.Create(StringComparer.Ordinal, "node_modules", ".git", "__pycache__");

    /// <summary>Names looked at in one listing (files, directories, links): bounds its time and memory.</summary>
    public const int MaxVisitedEntries = 4 * WorkspaceLimits.MaxListedFiles;

    public static WorkspaceListing List(ConfinedDirectory root, bool includeHidden)
    {
        var files = new List<WorkspaceFileInfo>();
        var budget = MaxVisitedEntries;
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            var directoryPath = pending.Pop();

            // Gone, swapped for a link, or nested beyond PATH_MAX: not part of the listing.
            if (!root.TryOpenDirectory(directoryPath, out var directory, out _))
            {
                continue;
            }

            using (directory)
            {
                var entries = DirectoryEntries.Read(directory, budget + 1);
                if (entries.Count > budget)
                {
                    return Sorted(files, truncated: true);
                }

                budget -= entries.Count;
                for (var i = entries.Count - 1; i >= 0; i--)
                {
                    var entry = entries[i];
                    if (!includeHidden && entry.Name.StartsWith('.'))
                    {
                        continue;
                    }

                    var path = WorkspacePath.Join(directoryPath, entry.Name);
                    if (entry.Kind == FileKind.Directory && !SkippedDirectories.Contains(entry.Name))
                    {
                        pending.Push(path);
                    }
                    else if (entry.Kind == FileKind.Regular
                        && FileStatus.TryReadAt(directory, entry.Name, out var status, out _)
                        && status.Kind == FileKind.Regular)
                    {
                        if (files.Count == WorkspaceLimits.MaxListedFiles)
                        {
                            return Sorted(files, truncated: true);
                        }

                        files.Add(new WorkspaceFileInfo(path, status.Size, status.ModifiedAt));
                    }
                }
            }
        }

        return Sorted(files, truncated: false);
    }

    private static WorkspaceListing Sorted(List<WorkspaceFileInfo> files, bool truncated)
    {
        files.Sort((left, right) => string.CompareOrdinal(left.Path, right.Path));
        return new WorkspaceListing(files, truncated);
    }
}

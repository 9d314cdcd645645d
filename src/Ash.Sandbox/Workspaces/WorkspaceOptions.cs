namespace Ash.Sandbox.Workspaces;

/// <summary>Limits of workspace bundles (section <c>Ash:Workspaces</c>).</summary>
public sealed class WorkspaceOptions
{
    /// <summary>Entries one uploaded bundle may hold (files, directories and links).</summary>
    public int MaxArchiveEntries { get; set; } = 50_000;

    /// <summary>Bytes the files of one uploaded bundle may hold once decompressed: the bound on a decompression bomb.</summary>
    public long MaxArchiveBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Path depth (directories) of an entry.</summary>
    public int MaxArchiveDepth { get; set; } = 128;

    public List<string> Validate()
    {
        var problems = new List<string>();
        if (MaxArchiveEntries < 1)
        {
            problems.Add("Ash:Workspaces:MaxArchiveEntries must be at least 1");
        }

        if (MaxArchiveBytes < 1)
        {
            problems.Add("Ash:Workspaces:MaxArchiveBytes must be at least 1");
        }

        if (MaxArchiveDepth is < 1 or > TreeRemover.MaxDepth)
        {
            problems.Add($"Ash:Workspaces:MaxArchiveDepth must be between 1 and {TreeRemover.MaxDepth}");
        }

        return problems;
    }
}

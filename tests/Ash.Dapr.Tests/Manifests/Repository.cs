namespace Ash.Dapr.Tests.Manifests;

/// <summary>The checkout the tests read: found by walking up from the test assembly to the folder with Ash.sln.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    /// <summary>Repository-relative path with forward slashes, for messages and lookups.</summary>
    public static string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace('\\', '/');

    /// <summary>Every YAML file Dapr or Kubernetes may read: components/**, deploy/** and dapr.yaml.</summary>
    public static IReadOnlyList<string> YamlFiles()
    {
        var files = new List<string> { PathOf("dapr.yaml") };
        foreach (var folder in new[] { "components", "deploy" })
        {
            files.AddRange(Directory.EnumerateFiles(PathOf(folder), "*", SearchOption.AllDirectories)
                .Where(file => file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal)));
        }

        return files.Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ash.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Ash.sln above {AppContext.BaseDirectory}");
    }
}

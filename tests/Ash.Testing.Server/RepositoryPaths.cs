namespace Ash.Testing.Server;

/// <summary>Locates the repository and the installed agent runtime (scripts/install-deps.sh puts it there).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ClaudeBinary =>
        Environment.GetEnvironmentVariable("ASH_CLAUDE_PATH") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Root, ".cache", "runtime", "node_modules", "@anthropic-ai", "claude-code-linux-x64", "claude");

    /// <summary>The server as built (artifacts output), for tests that run it as a separate process.</summary>
    public static string ServerAssembly => Path.Combine(Root, "artifacts", "bin", "Ash.Server", "release", "ash-server.dll");

    public static string ExampleAgent => Path.Combine(Root, "examples", "hello-agent");

    /// <summary>The committed OpenAPI document, which the server's must equal (OpenApiDocumentTests).</summary>
    public static string OpenApiDocument => Path.Combine(Root, "docs", "openapi.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ash.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Ash.sln) above " + AppContext.BaseDirectory);
    }
}

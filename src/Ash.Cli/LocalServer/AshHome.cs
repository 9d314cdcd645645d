namespace Ash.Cli.LocalServer;

// The repository the CLI runs from: where the server build and the examples live.
internal sealed class AshHome(CliEnvironment environment)
{
    // ASH_HOME (the ./ash script sets it), else the first folder above the CLI's own build
    // output (artifacts/bin/Ash.Cli/release/) that holds Directory.Build.props.
    public string? Find()
    {
        if (environment.Variable("ASH_HOME") is { } home)
        {
            return Path.GetFullPath(home);
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Directory.Build.props")))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    // How to invoke the CLI in hints: ./ash from the repository root, the script's path elsewhere.
    public string CommandHint
    {
        get
        {
            if (environment.Variable("ASH_HOME") is not { } home)
            {
                return "ash";
            }

            var script = Path.Combine(Path.GetFullPath(home), "ash");
            return Path.GetDirectoryName(script) == Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory)
                ? "./ash"
                : script;
        }
    }
}

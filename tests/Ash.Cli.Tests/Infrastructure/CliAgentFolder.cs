namespace Ash.Cli.Tests.Infrastructure;

/// <summary>An agent folder for one test (a CLAUDE.md, and the env files `ash deploy` reads), removed with it.</summary>
public sealed class CliAgentFolder : IDisposable
{
    public CliAgentFolder()
    {
        Path = Directory.CreateTempSubdirectory("ash-cli-agent-").FullName;
        File.WriteAllText(System.IO.Path.Combine(Path, "CLAUDE.md"), "# Test agent\nAnswer briefly.\n");
        File.WriteAllText(System.IO.Path.Combine(Path, ".env"), "# read first\nFROM_DOTENV=1\nexport OVERRIDDEN=\"dotenv\"\n");
        File.WriteAllText(System.IO.Path.Combine(Path, ".env.local"), "FROM_LOCAL='2'\nOVERRIDDEN=local\n");
    }

    public string Path { get; }

    /// <summary>A fresh agent name, so tests sharing a server never meet.</summary>
    public static string NewName() => "cli-" + Guid.NewGuid().ToString("N")[..10];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

namespace Ash.Testing.Server;

/// <summary>Agent folders made for one test: a CLAUDE.md and, when given, an <c>ash.json</c>.</summary>
public static class AgentFolders
{
    public static string Create(string? ashJson)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ash-tests", "agent-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "CLAUDE.md"), "# Test agent\nAnswer briefly.\n");
        if (ashJson is not null)
        {
            File.WriteAllText(Path.Combine(directory, "ash.json"), ashJson);
        }

        return directory;
    }
}

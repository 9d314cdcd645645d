namespace Ash.Sandbox.Directories;

/// <summary>
/// The runtime's conversation transcripts: <c>~/.claude/projects/&lt;cwd&gt;/&lt;session id&gt;.jsonl</c>,
/// one project directory per working directory the runtime ran in.
/// </summary>
internal static class Transcripts
{
    /// <summary>The transcript files of <paramref name="sessionId"/> under a home's <c>.claude/projects</c>.</summary>
    public static IEnumerable<string> Of(string projectsRoot, Guid sessionId)
    {
        if (!Directory.Exists(projectsRoot))
        {
            yield break;
        }

        // Only real directories and regular files: the agent may plant links or FIFOs under these names.
        var name = $"{sessionId:D}.jsonl";
        foreach (var project in new DirectoryInfo(projectsRoot).EnumerateDirectories())
        {
            var transcript = Path.Combine(project.FullName, name);
            if (project.LinkTarget is null && Native.LibC.IsRegularFile(transcript))
            {
                yield return transcript;
            }
        }
    }
}

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

        var name = $"{sessionId:D}.jsonl";
        foreach (var project in Directory.EnumerateDirectories(projectsRoot))
        {
            var transcript = Path.Combine(project, name);
            if (File.Exists(transcript))
            {
                yield return transcript;
            }
        }
    }
}

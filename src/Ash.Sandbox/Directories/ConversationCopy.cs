using System.Text;

namespace Ash.Sandbox.Directories;

/// <summary>
/// Makes a copied home directory's conversation the child's own: the runtime stores a conversation as
/// <c>~/.claude/projects/&lt;cwd&gt;/&lt;session id&gt;.jsonl</c> with the id inside every line, and
/// continues it with <c>--resume &lt;id&gt;</c>. Renaming the transcript to the child's id and
/// rewriting the id inside lets the child's first process resume the parent's conversation as its own.
/// A transcript cut mid-line (the parent was writing when it was copied) loses only that partial line.
/// </summary>
internal static class ConversationCopy
{
    public static void Rename(string transcriptsRoot, Guid parentSessionId, Guid childSessionId)
    {
        var parentId = parentSessionId.ToString("D");
        var childId = childSessionId.ToString("D");
        RemoveLinksNamed(transcriptsRoot, parentId + ".jsonl");
        foreach (var parentTranscript in Transcripts.Of(transcriptsRoot, parentSessionId).ToList())
        {
            var text = File.ReadAllText(parentTranscript, Encoding.UTF8);
            var lastNewline = text.LastIndexOf('\n');
            text = lastNewline < 0 ? string.Empty : text[..(lastNewline + 1)];
            var childTranscript = Path.Combine(Path.GetDirectoryName(parentTranscript)!, childId + ".jsonl");
            File.WriteAllText(childTranscript, text.Replace(parentId, childId, StringComparison.Ordinal), new UTF8Encoding(false));
            File.Delete(parentTranscript);
        }
    }

    /// <summary>A copied tree keeps the agent's links as links; one named like the transcript must not be read through.</summary>
    private static void RemoveLinksNamed(string transcriptsRoot, string name)
    {
        if (!Directory.Exists(transcriptsRoot))
        {
            return;
        }

        foreach (var project in Directory.EnumerateDirectories(transcriptsRoot))
        {
            var candidate = new FileInfo(Path.Combine(project, name));
            if (candidate.LinkTarget is not null || (candidate.Exists && !Native.LibC.IsRegularFile(candidate.FullName)))
            {
                candidate.Delete();
            }
        }
    }
}

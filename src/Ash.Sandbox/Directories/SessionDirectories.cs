namespace Ash.Sandbox.Directories;

/// <summary>
/// The on-disk layout of one session: <c>workspace/</c> (bound at /workspace), <c>home/</c> (bound
/// as $HOME, holds .claude/), <c>etc/</c> (a synthesized /etc), <c>logs/</c> (the sandbox log) and <c>run/</c> (the model-proxy
/// socket). The session directory itself is root-owned, so the agent cannot swap what gets bound.
/// <c>run/</c> lives under a short separate root because a Unix socket path holds at most 107 bytes.
/// </summary>
public sealed class SessionDirectories
{
    public SessionDirectories(string sandboxesRoot, string socketRoot, Guid sessionId)
    {
        Root = Path.Combine(sandboxesRoot, sessionId.ToString("D"));
        Workspace = Path.Combine(Root, "workspace");
        Home = Path.Combine(Root, "home");
        Etc = Path.Combine(Root, "etc");
        Run = Path.Combine(socketRoot, sessionId.ToString("N"));
    }

    public string Root { get; }

    public string Workspace { get; }

    public string Home { get; }

    public string Etc { get; }

    public string Run { get; }

    public string ModelSocket => Path.Combine(Run, "model.sock");

    public string EgressSocket => Path.Combine(Run, "egress.sock");

    /// <summary>The session's sandbox log (root's alone; never bound into the sandbox).</summary>
    public string Logs => Path.Combine(Root, "logs");

    /// <summary>The running agent's pid and start time, so a restarted server can find and kill an orphan.</summary>
    public string ProcessRecord => Path.Combine(Root, "agent.pid");

    /// <summary>Where the runtime keeps its conversation transcripts (<c>~/.claude/projects/&lt;cwd&gt;/&lt;id&gt;.jsonl</c>).</summary>
    public string TranscriptsRoot => Path.Combine(Home, ".claude", "projects");

    /// <summary>True once the runtime has a transcript for this conversation, so it can be resumed.</summary>
    public bool HasConversation(Guid sessionId) => Transcripts.Of(TranscriptsRoot, sessionId).Any();
}

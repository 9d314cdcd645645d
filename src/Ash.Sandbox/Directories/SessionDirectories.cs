namespace Ash.Sandbox.Directories;

/// <summary>
/// The on-disk layout of one session, under a root-owned directory (0711) so the agent cannot swap what
/// gets bound:
/// <list type="bullet">
/// <item><c>volume.img</c> (root's alone): the session's own ext4 file system, of the size and file count
/// its limits allow (issue 12), and <c>volume.profile</c>, the limits it was made with;</item>
/// <item><c>volume/</c>: where that file system is mounted (root-owned 0711 at its root), holding
/// <c>workspace/</c> (bound at /workspace) and <c>home/</c> (bound as $HOME, holds .claude/). With
/// volumes switched off (<c>Ash:Sandbox:Volumes:Enabled=false</c>) it is a plain directory;</item>
/// <item><c>etc/</c> (a synthesized /etc), <c>logs/</c> (the sandbox log) and <c>agent.pid</c>: the
/// server's, on the host file system, so a full volume never costs the platform its own records.</item>
/// </list>
/// <c>run/</c> (the model-proxy socket) lives under a short separate root because a Unix socket path
/// holds at most 107 bytes. Data directories from before volumes have <c>workspace/</c> and <c>home/</c>
/// right in the session directory (<see cref="LegacyWorkspace"/>); they are moved into a volume when the
/// session is next used.
/// </summary>
public sealed class SessionDirectories
{
    public SessionDirectories(string sandboxesRoot, string socketRoot, Guid sessionId)
    {
        SessionId = sessionId;
        Root = Path.Combine(sandboxesRoot, sessionId.ToString("D"));
        Volume = Path.Combine(Root, "volume");
        Workspace = Path.Combine(Volume, "workspace");
        Home = Path.Combine(Volume, "home");
        Etc = Path.Combine(Root, "etc");
        Run = Path.Combine(socketRoot, sessionId.ToString("N"));
    }

    public Guid SessionId { get; }

    public string Root { get; }

    /// <summary>The mount point of the session's volume; staging directories go here, on the same file system as the workspace.</summary>
    public string Volume { get; }

    public string VolumeImage => Path.Combine(Root, "volume.img");

    public string VolumeProfile => Path.Combine(Root, "volume.profile");

    public string Workspace { get; }

    public string Home { get; }

    public string Etc { get; }

    public string Run { get; }

    /// <summary>Where a data directory from before volumes kept the workspace.</summary>
    public string LegacyWorkspace => Path.Combine(Root, "workspace");

    /// <summary>Where a data directory from before volumes kept the home directory.</summary>
    public string LegacyHome => Path.Combine(Root, "home");

    public string ModelSocket => Path.Combine(Run, "model.sock");

    public string EgressSocket => Path.Combine(Run, "egress.sock");

    /// <summary>The session's sandbox log (root's alone; never bound into the sandbox).</summary>
    public string Logs => Path.Combine(Root, "logs");

    /// <summary>The uid every file of the workspace and home belongs to, when the server knows it (<see cref="Ownership"/>).</summary>
    public string OwnerRecord => Path.Combine(Root, "owner");

    /// <summary>The running agent's pid and start time, so a restarted server can find and kill an orphan.</summary>
    public string ProcessRecord => Path.Combine(Root, "agent.pid");

    /// <summary>Where the runtime keeps its conversation transcripts (<c>~/.claude/projects/&lt;cwd&gt;/&lt;id&gt;.jsonl</c>).</summary>
    public string TranscriptsRoot => Path.Combine(Home, ".claude", "projects");

    /// <summary>True once the runtime has a transcript for this conversation, so it can be resumed.</summary>
    public bool HasConversation(Guid sessionId) => Transcripts.Of(TranscriptsRoot, sessionId).Any();
}

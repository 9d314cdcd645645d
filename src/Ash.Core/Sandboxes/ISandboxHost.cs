namespace Ash.Core.Sandboxes;

/// <summary>
/// The port to the node that runs sandboxes. Embedded mode calls the local host directly; the
/// distributed mode reaches the node's host through Dapr.
/// </summary>
public interface ISandboxHost
{
    /// <summary>Creates the session's directories (workspace with the agent's files, home). Idempotent.</summary>
    Task PrepareAsync(SandboxSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the agent process in its sandbox. Continues the session's earlier conversation when
    /// the runtime has one on disk.
    /// </summary>
    Task<ISandboxProcess> StartAsync(SandboxSpec spec, CancellationToken cancellationToken);

    /// <summary>Removes the session's directories (after the session ended).</summary>
    Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>True while the session's workspace exists (it is removed after an ended session's retention).</summary>
    Task<bool> HasFilesAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Gives <paramref name="childSessionId"/> a copy of the parent's workspace and of its agent
    /// conversation, renamed so the child's first process continues it as its own. Idempotent.
    /// </summary>
    Task ForkAsync(Guid parentSessionId, Guid childSessionId, CancellationToken cancellationToken);

    /// <summary>Kills agent processes a previous run of this host left behind (after a crash). Returns how many.</summary>
    Task<int> ReapOrphansAsync(CancellationToken cancellationToken);

    int LiveCount { get; }
}

using System.Threading.Channels;

namespace Ash.Core.Sandboxes;

/// <summary>One running agent process inside its sandbox, speaking stream-json.</summary>
public interface ISandboxProcess : IAsyncDisposable
{
    string SandboxId { get; }

    /// <summary>Output lines, one batch per read from the process. Completes when the process is gone.</summary>
    ChannelReader<AgentOutput> Output { get; }

    /// <summary>Completes with the exit description once the process has exited and been reaped.</summary>
    Task<AgentExit> Exited { get; }

    /// <summary>Writes one stream-json line (without the newline) to the agent's stdin.</summary>
    ValueTask WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken);

    /// <summary>Limits the kernel enforced since the last call (from the sandbox's cgroup counters).</summary>
    IReadOnlyList<LimitHit> TakeLimitHits();

    /// <summary>Runs a shell command in this sandbox (same files, uid and cgroup as the agent) and waits for it.</summary>
    Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken);

    /// <summary>Kills the whole sandbox and waits until it is reaped.</summary>
    Task KillAsync();
}

using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;
using Ash.Core.Sessions;

namespace Ash.Dapr.Sandboxes;

// The bodies of the calls between a sessions app and a sandbox host (actor type sandbox-<node>). A process
// is named by its session and a generation: a call meant for a process that was since replaced does nothing.

/// <summary>
/// What a node needs to prepare or start a session's sandbox. The agent is named by its deployed content
/// (tenant, name, content id), never by a path, and its <c>ash.json</c> is not sent: the node finds the
/// folder under its own agents directory and reads the limits and network policy there itself (issue 12).
/// </summary>
internal sealed record SandboxCall(
    Guid SessionId,
    string TenantId,
    string AgentName,
    string ContentId,
    IReadOnlyDictionary<string, string> AgentEnv,
    SessionOptions Options);

internal sealed record StartAnswer(string SandboxId, long Generation);

internal sealed record WriteCall(long Generation, byte[] Line);

internal sealed record GenerationCall(long Generation);

/// <summary>A long poll: batches after <see cref="After"/> (which acknowledges the ones up to it), waiting up to <see cref="WaitMs"/> for one.</summary>
internal sealed record ReadCall(long Generation, long After, int WaitMs);

internal sealed record OutputBatch(long Index, IReadOnlyList<byte[]> Lines, bool LineTooLong);

/// <summary>What a read found: batches, the limits enforced since, and the exit once the output is drained. <see cref="Gone"/>: no such process.</summary>
internal sealed record ReadAnswer(IReadOnlyList<OutputBatch> Batches, IReadOnlyList<LimitHit> Hits, AgentExit? Exit, bool Gone);

internal sealed record ExecCall(long Generation, string Command, long TimeoutMs, int MaxOutputBytes);

internal sealed record ForkCall(Guid ChildSessionId);

internal sealed record HasFilesAnswer(bool HasFiles);

internal sealed record LogsCall(long After, int Limit);

internal sealed record LogsAnswer(IReadOnlyList<SandboxLogEntry> Lines);

/// <summary>A sandbox host saying it is alive, and how busy.</summary>
internal sealed record NodeHeartbeatCall(string Node, int Running);

internal sealed record NodeStatus(string Node, int Running);

internal sealed record NodeListAnswer(IReadOnlyList<NodeStatus> Nodes);

using System.Text.Json;
using Ash.Core.Sandboxes.Logs;
using Ash.Dapr.Client;

namespace Ash.Dapr.Sandboxes;

/// <summary>A session's sandbox log, read from the node that ran it. A session never placed, or whose node is gone, has none to show.</summary>
public sealed class RemoteSandboxLogs(RemoteSandboxHost host, NodeDirectory nodes) : ISandboxLogs
{
    public async Task<IReadOnlyList<SandboxLogEntry>> ReadAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken)
    {
        var node = await host.PlacementOfAsync(sessionId, cancellationToken);
        if (node is null || !await nodes.IsLiveAsync(node, cancellationToken))
        {
            return [];
        }

        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new LogsCall(after, limit), SandboxCallsJsonContext.Default.LogsCall);
            var answer = await host.CallAsync(node, SandboxActorIds.Control(sessionId), "logs", body, cancellationToken);
            return JsonSerializer.Deserialize(answer, SandboxCallsJsonContext.Default.LogsAnswer)?.Lines ?? [];
        }
        catch (Exception exception) when (exception is DaprException or JsonException)
        {
            // The log is a diagnostic: a node that cannot answer now (refused, timed out, cut off) reads as no lines,
            // never as a failure.
            return [];
        }
    }
}

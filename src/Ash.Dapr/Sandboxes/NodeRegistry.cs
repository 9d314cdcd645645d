using System.Collections.Concurrent;
using System.Text.Json;
using Ash.Dapr.App;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// The sandbox hosts a sessions app can place sessions on, hosted by that app as the actor type
/// <c>sandbox-registry</c>: every host calls it every <see cref="NodeHeartbeat.Interval"/> (placement finds
/// the sessions app wherever it runs), and a host not heard from for <see cref="StaleAfter"/> is gone.
/// Kept in memory: after a restart of the sessions app the hosts are known again within one interval.
/// </summary>
public sealed class NodeRegistry(TimeProvider time) : IDaprActorType
{
    public const string ActorType = "sandbox-registry";

    public const string ActorId = "nodes";

    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (int Running, long SeenAt)> _nodes = new(StringComparer.Ordinal);

    public string Name => ActorType;

    /// <summary>Nodes heard from recently, least busy first.</summary>
    public IReadOnlyList<string> LiveNodes() =>
        _nodes.Where(node => time.GetElapsedTime(node.Value.SeenAt) < StaleAfter)
            .OrderBy(node => node.Value.Running)
            .ThenBy(node => node.Key, StringComparer.Ordinal)
            .Select(node => node.Key)
            .ToList();

    public bool IsLive(string node) => _nodes.TryGetValue(node, out var seen) && time.GetElapsedTime(seen.SeenAt) < StaleAfter;

    /// <summary>Counts a session placed on a node at once, so the next placements spread before the node's next heartbeat.</summary>
    public void Placed(string node) => _nodes.AddOrUpdate(node, _ => (1, 0), (_, seen) => (seen.Running + 1, seen.SeenAt));

    public Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (method != "heartbeat")
        {
            throw new DaprActorMethodNotFoundException(Name, method);
        }

        var call = JsonSerializer.Deserialize(body.Span, SandboxCallsJsonContext.Default.NodeHeartbeatCall)
            ?? throw new ArgumentException("a heartbeat names its node");
        if (!NodeNames.IsValid(call.Node))
        {
            throw new ArgumentException($"'{call.Node}' is not a node name");
        }

        _nodes[call.Node] = (call.Running, time.GetTimestamp());
        return Task.FromResult(DaprActorResponse.Empty);
    }

    public Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task DeactivateAsync(string actorId, CancellationToken cancellationToken) => Task.CompletedTask;
}

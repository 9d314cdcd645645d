using System.Collections.Concurrent;
using Ash.Dapr.App;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// The sandbox hosts sessions can be placed on: one actor (type <c>sandbox-registry</c>, id <c>nodes</c>)
/// that Dapr places on one of the sessions apps. Every host calls it every <see cref="NodeHeartbeat.Interval"/>,
/// and a host not heard from for <see cref="StaleAfter"/> is gone; every sessions replica reads it through
/// <see cref="NodeDirectory"/>. Kept in memory: when the actor restarts or moves, the hosts are known again
/// within one interval.
/// </summary>
public sealed class NodeRegistry(TimeProvider time) : IDaprActorType
{
    public const string ActorType = "sandbox-registry";

    public const string ActorId = "nodes";

    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (int Running, long SeenAt)> _nodes = new(StringComparer.Ordinal);

    public string Name => ActorType;

    public Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (method == "list")
        {
            var live = _nodes.Where(node => time.GetElapsedTime(node.Value.SeenAt) < StaleAfter)
                .Select(node => new NodeStatus(node.Key, node.Value.Running))
                .ToList();
            return Task.FromResult(ActorCallBody.Answer(new NodeListAnswer(live), SandboxCallsJsonContext.Default.NodeListAnswer));
        }

        if (method != "heartbeat")
        {
            throw new DaprActorMethodNotFoundException(Name, method);
        }

        var call = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.NodeHeartbeatCall);
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

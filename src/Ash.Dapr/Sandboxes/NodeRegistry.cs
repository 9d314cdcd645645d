using System.Collections.Concurrent;
using System.Text.Json;
using Ash.Dapr.App;
using Ash.Dapr.Client;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// The sandbox hosts sessions can be placed on: one actor (type <c>sandbox-registry</c>, id <c>nodes</c>)
/// that Dapr places on one of the sessions apps. Every host calls it every <see cref="NodeHeartbeat.Interval"/>,
/// and a host not heard from for <see cref="StaleAfter"/> is gone; every sessions replica reads it through
/// <see cref="NodeDirectory"/>. Heartbeats are counted in memory; the names of the live hosts are kept in the
/// actor's state whenever a host joins, so when the actor moves (its replica left or died) the new activation
/// counts them as just heard from, instead of knowing no host until the next heartbeats arrive.
/// </summary>
public sealed class NodeRegistry(DaprClient dapr, TimeProvider time) : IDaprActorType
{
    public const string ActorType = "sandbox-registry";

    public const string ActorId = "nodes";

    public const string StateKey = "nodes";

    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, (int Running, long SeenAt)> _nodes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;
    private volatile bool _unsaved;

    public string Name => ActorType;

    public async Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (method is not ("list" or "heartbeat"))
        {
            throw new DaprActorMethodNotFoundException(Name, method);
        }

        await LoadAsync(cancellationToken);
        if (method == "list")
        {
            var live = LiveNodes().Select(node => new NodeStatus(node.Key, node.Value.Running)).ToList();
            return ActorCallBody.Answer(new NodeListAnswer(live), SandboxCallsJsonContext.Default.NodeListAnswer);
        }

        var call = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.NodeHeartbeatCall);
        if (!NodeNames.IsValid(call.Node))
        {
            throw DaprCallRefusedException.BadRequest("The heartbeat's node is not a node name", "invalid_node");
        }

        // A host counts from its first heartbeat; storing the names is best effort and tried again at the next
        // heartbeat, so a state store outage never keeps a host out.
        var joined = !_nodes.TryGetValue(call.Node, out var previous) || time.GetElapsedTime(previous.SeenAt) >= StaleAfter;
        _nodes[call.Node] = (call.Running, time.GetTimestamp());
        if (joined || _unsaved)
        {
            _unsaved = true;
            var names = LiveNodes().Select(node => node.Key).Order(StringComparer.Ordinal).ToArray();
            try
            {
                await dapr.TransactActorStateAsync(ActorType, actorId, [ActorStateOperation.Upsert(StateKey, JsonSerializer.SerializeToUtf8Bytes(names, SandboxCallsJsonContext.Default.StringArray))], cancellationToken);
                _unsaved = false;
            }
            catch (DaprException)
            {
                // Kept in memory; stored at the next heartbeat.
            }
        }

        return DaprActorResponse.Empty;
    }

    public Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>The actor left this app: what it knew is read again from its state if it comes back.</summary>
    public Task DeactivateAsync(string actorId, CancellationToken cancellationToken)
    {
        _loaded = false;
        _nodes.Clear();
        return Task.CompletedTask;
    }

    private IEnumerable<KeyValuePair<string, (int Running, long SeenAt)>> LiveNodes() =>
        _nodes.Where(node => time.GetElapsedTime(node.Value.SeenAt) < StaleAfter);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            var stored = await dapr.GetActorStateAsync(ActorType, ActorId, StateKey, cancellationToken);
            var now = time.GetTimestamp();
            foreach (var node in stored is null ? [] : JsonSerializer.Deserialize(stored, SandboxCallsJsonContext.Default.StringArray) ?? [])
            {
                // Its running count is learnt at its next heartbeat.
                _nodes.TryAdd(node, (0, now));
            }

            _loaded = true;
        }
        finally
        {
            _loading.Release();
        }
    }
}

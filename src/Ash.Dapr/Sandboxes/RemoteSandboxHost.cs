using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Lifecycle;
using Ash.Dapr.Client;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// The sandbox-host port of a sessions app whose sandboxes run on other nodes (DESIGN.md §2–3): each session
/// is placed on a live node, remembered in the session actor's state (actor state store, key <c>node</c>),
/// and every call for it goes to that node's actor type <c>sandbox-&lt;node&gt;</c>. A session whose node is
/// gone is placed on another live node, which restores its files from the shared snapshots.
/// </summary>
public sealed class RemoteSandboxHost(DaprClient dapr, NodeRegistry nodes, TimeProvider time) : ISandboxHost
{
    private const string PlacementKey = "node";

    private readonly ConcurrentDictionary<Guid, string> _placements = new();
    private int _liveCount;

    public int LiveCount => Volatile.Read(ref _liveCount);

    /// <summary>Where the session's files last were, or null when it was never placed.</summary>
    public async Task<string?> PlacementOfAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (_placements.TryGetValue(sessionId, out var node))
        {
            return node;
        }

        var stored = await dapr.GetActorStateAsync(SessionReminders.ActorType, sessionId.ToString(), PlacementKey, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        node = JsonSerializer.Deserialize<string>(stored, SandboxPlacementJsonContext.Default.String);
        if (node is not null)
        {
            _placements[sessionId] = node;
        }

        return node;
    }

    public async Task PrepareAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        var node = await NodeForAsync(spec.SessionId, cancellationToken);
        await CallAsync(node, SandboxActorIds.Control(spec.SessionId), "prepare", Json(new SpecCall(spec), SandboxCallsJsonContext.Default.SpecCall), cancellationToken);
    }

    public async Task<ISandboxProcess> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        var node = await NodeForAsync(spec.SessionId, cancellationToken);
        var answer = await CallAsync(node, SandboxActorIds.Control(spec.SessionId), "start", Json(new SpecCall(spec), SandboxCallsJsonContext.Default.SpecCall), cancellationToken);
        var started = JsonSerializer.Deserialize(answer, SandboxCallsJsonContext.Default.StartAnswer)
            ?? throw new InvalidOperationException($"the sandbox host {node} answered start with nothing");
        Interlocked.Increment(ref _liveCount);
        return new RemoteSandboxProcess(dapr, node, spec.SessionId, started, time, () => Interlocked.Decrement(ref _liveCount));
    }

    public async Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var node = await AnyNodeForFilesAsync(sessionId, cancellationToken);
        await CallAsync(node, SandboxActorIds.Control(sessionId), "delete", "{}"u8.ToArray(), cancellationToken);
    }

    public async Task<bool> HasFilesAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var node = await AnyNodeForFilesAsync(sessionId, cancellationToken);
        var answer = await CallAsync(node, SandboxActorIds.Control(sessionId), "has-files", "{}"u8.ToArray(), cancellationToken);
        return JsonSerializer.Deserialize(answer, SandboxCallsJsonContext.Default.HasFilesAnswer)?.HasFiles == true;
    }

    /// <summary>The child goes where the parent's files are, so the copy is local to that node.</summary>
    public async Task ForkAsync(Guid parentSessionId, Guid childSessionId, CancellationToken cancellationToken)
    {
        var node = await AnyNodeForFilesAsync(parentSessionId, cancellationToken);
        await CallAsync(node, SandboxActorIds.Control(parentSessionId), "fork", Json(new ForkCall(childSessionId), SandboxCallsJsonContext.Default.ForkCall), cancellationToken);
        await PlaceAsync(childSessionId, node, cancellationToken);
    }

    /// <summary>Each node reaps its own orphans when it starts; the sessions app has none.</summary>
    public Task<int> ReapOrphansAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    internal async Task<byte[]> CallAsync(string node, string actorId, string method, byte[] body, CancellationToken cancellationToken) =>
        await dapr.InvokeActorAsync(SandboxActorIds.TypeOf(node), actorId, method, body, cancellationToken);

    /// <summary>The session's node while it is live; else the least busy live node, which becomes its node.</summary>
    private async Task<string> NodeForAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var placed = await PlacementOfAsync(sessionId, cancellationToken);
        if (placed is not null && nodes.IsLive(placed))
        {
            return placed;
        }

        var node = nodes.LiveNodes().FirstOrDefault()
            ?? throw new InvalidOperationException("no sandbox host is available: none has reported to this sessions app in the last " + NodeRegistry.StaleAfter.TotalSeconds + " s");
        await PlaceAsync(sessionId, node, cancellationToken);
        nodes.Placed(node);
        return node;
    }

    /// <summary>For files only: the session's node while live, else any live node (it reads the shared snapshots).</summary>
    private async Task<string> AnyNodeForFilesAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var placed = await PlacementOfAsync(sessionId, cancellationToken);
        return placed is not null && nodes.IsLive(placed)
            ? placed
            : nodes.LiveNodes().FirstOrDefault() ?? throw new InvalidOperationException("no sandbox host is available");
    }

    private async Task PlaceAsync(Guid sessionId, string node, CancellationToken cancellationToken)
    {
        var value = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(node, SandboxPlacementJsonContext.Default.String));
        await dapr.TransactActorStateAsync(SessionReminders.ActorType, sessionId.ToString(), [ActorStateOperation.Upsert(PlacementKey, value)], cancellationToken);
        _placements[sessionId] = node;
    }

    private static byte[] Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}

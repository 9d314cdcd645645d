using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Ash.Core.Agents;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Lifecycle;
using Ash.Dapr.Client;
using Microsoft.Extensions.Logging;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// The sandbox-host port of a sessions app whose sandboxes run on other nodes (DESIGN.md §2–3): each session
/// is placed on a live node, remembered in the session actor's state (actor state store, key <c>node</c>),
/// and every call for it goes to that node's actor type <c>sandbox-&lt;node&gt;</c>. A session whose node is
/// gone is placed on another live node, which restores its files from the shared snapshots.
/// </summary>
public sealed class RemoteSandboxHost(DaprClient dapr, NodeDirectory nodes, TimeProvider time, ILogger<RemoteSandboxHost> logger) : ISandboxHost
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

    public async Task PrepareAsync(SandboxSpec spec, CancellationToken cancellationToken) =>
        await OnSomeNodeAsync(spec, "prepare", cancellationToken);

    public async Task<ISandboxProcess> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        var (node, answer) = await OnSomeNodeAsync(spec, "start", cancellationToken);
        var started = JsonSerializer.Deserialize(answer, SandboxCallsJsonContext.Default.StartAnswer)
            ?? throw new InvalidOperationException($"the sandbox host {node} answered start with nothing");
        Interlocked.Increment(ref _liveCount);
        return new RemoteSandboxProcess(dapr, node, spec.SessionId, started, time, logger, () => Interlocked.Decrement(ref _liveCount));
    }

    /// <summary>
    /// Calls the session's node, or when that call fails (the node died moments ago and still looks live, or
    /// cannot start it), the next live node, which then becomes the session's node; once per live node.
    /// </summary>
    private async Task<(string Node, byte[] Answer)> OnSomeNodeAsync(SandboxSpec spec, string method, CancellationToken cancellationToken)
    {
        var body = Json(CallFor(spec), SandboxCallsJsonContext.Default.SandboxCall);
        var tried = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var node = await NodeForAsync(spec.SessionId, tried, cancellationToken);
            var others = (await nodes.LiveNodesAsync(cancellationToken)).Any(other => !tried.Contains(other) && other != node);
            try
            {
                return (node, await CallAsync(node, SandboxActorIds.Control(spec.SessionId), method, body, cancellationToken));
            }
            catch (DaprException) when (others)
            {
                tried.Add(node);
            }
        }
    }

    /// <summary>
    /// The node is told which deployed content to run, never where it is: it finds it under its own agents
    /// directory. An agent deployed by a version that kept no content (its path is wherever it was deployed
    /// from) cannot be named so, and must be deployed again.
    /// </summary>
    internal static SandboxCall CallFor(SandboxSpec spec)
    {
        var content = AgentContent.FromPath(spec.AgentPath, spec.TenantId, spec.AgentName)
            ?? throw new InvalidOperationException(
                $"Agent '{spec.AgentName}' was deployed by an older version of the server, which kept no copy of its folder for the sandbox hosts; deploy it again (POST /api/agents) and start a new session");
        return new SandboxCall(spec.SessionId, spec.TenantId, spec.AgentName, content.ContentId, spec.AgentEnv, spec.Options);
    }

    /// <summary>Every live node drops its copy (a node that ran the session earlier may still hold one), then the snapshots go.</summary>
    public async Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var deleted = false;
        DaprException? failure = null;
        foreach (var node in await nodes.LiveNodesAsync(cancellationToken))
        {
            try
            {
                await CallAsync(node, SandboxActorIds.Control(sessionId), "delete", "{}"u8.ToArray(), cancellationToken);
                deleted = true;
            }
            catch (DaprException exception)
            {
                failure = exception;
            }
        }

        if (!deleted)
        {
            throw failure ?? new DaprException(System.Net.HttpStatusCode.ServiceUnavailable, null, "no sandbox host is available to remove the session's files");
        }
    }

    public async Task<bool> HasFilesAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var (_, answer) = await OnFilesAsync(sessionId, "has-files", "{}"u8.ToArray(), cancellationToken);
        return JsonSerializer.Deserialize(answer, SandboxCallsJsonContext.Default.HasFilesAnswer)?.HasFiles == true;
    }

    /// <summary>The child goes where the parent's files are, so the copy is local to that node.</summary>
    public async Task ForkAsync(Guid parentSessionId, Guid childSessionId, CancellationToken cancellationToken)
    {
        var (node, _) = await OnFilesAsync(parentSessionId, "fork", Json(new ForkCall(childSessionId), SandboxCallsJsonContext.Default.ForkCall), cancellationToken);
        await PlaceAsync(childSessionId, node, cancellationToken);
    }

    /// <summary>Each node reaps its own orphans when it starts; the sessions app has none.</summary>
    public Task<int> ReapOrphansAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    internal async Task<byte[]> CallAsync(string node, string actorId, string method, byte[] body, CancellationToken cancellationToken) =>
        await dapr.InvokeActorAsync(SandboxActorIds.TypeOf(node), actorId, method, body, cancellationToken);

    /// <summary>The session's node while it is live (and not excluded); else the least busy live node, which becomes its node.</summary>
    private async Task<string> NodeForAsync(Guid sessionId, IReadOnlySet<string> excluded, CancellationToken cancellationToken)
    {
        var placed = await PlacementOfAsync(sessionId, cancellationToken);
        if (placed is not null && !excluded.Contains(placed) && await nodes.IsLiveAsync(placed, cancellationToken))
        {
            return placed;
        }

        var node = (await nodes.LiveNodesAsync(cancellationToken)).FirstOrDefault(candidate => !excluded.Contains(candidate))
            ?? throw new InvalidOperationException("no sandbox host is available: none has reported to the registry in the last " + NodeRegistry.StaleAfter.TotalSeconds + " s");
        await PlaceAsync(sessionId, node, cancellationToken);
        nodes.Placed(node);
        return node;
    }

    /// <summary>
    /// For the session's files: its node while live, else (or when that call fails) the other live nodes in
    /// turn, which read the shared snapshots. The session stays placed where it was.
    /// </summary>
    private async Task<(string Node, byte[] Answer)> OnFilesAsync(Guid sessionId, string method, byte[] body, CancellationToken cancellationToken)
    {
        var placed = await PlacementOfAsync(sessionId, cancellationToken);
        var candidates = (await nodes.LiveNodesAsync(cancellationToken)).OrderBy(node => node == placed ? 0 : 1).ToList();
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException("no sandbox host is available");
        }

        for (var i = 0; ; i++)
        {
            try
            {
                return (candidates[i], await CallAsync(candidates[i], SandboxActorIds.Control(sessionId), method, body, cancellationToken));
            }
            catch (DaprException) when (i + 1 < candidates.Count)
            {
                // That node cannot answer now; the next one reads the snapshots.
            }
        }
    }

    private async Task PlaceAsync(Guid sessionId, string node, CancellationToken cancellationToken)
    {
        var value = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(node, SandboxPlacementJsonContext.Default.String));
        await dapr.TransactActorStateAsync(SessionReminders.ActorType, sessionId.ToString(), [ActorStateOperation.Upsert(PlacementKey, value)], cancellationToken);
        _placements[sessionId] = node;
    }

    private static byte[] Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.SerializeToUtf8Bytes(value, type);
}

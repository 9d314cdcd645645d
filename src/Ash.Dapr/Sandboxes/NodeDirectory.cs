using System.Text.Json;
using Ash.Dapr.Client;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// A sessions app's view of the live sandbox hosts: read from the <see cref="NodeRegistry"/> actor (wherever
/// Dapr placed it) at most once per <see cref="Freshness"/>. A placement counts against its node at once, so
/// sessions created in a burst spread before the next read.
/// </summary>
public sealed class NodeDirectory(DaprClient dapr, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private List<NodeStatus> _nodes = [];
    private long _readAt;
    private bool _read;

    /// <summary>Live nodes, least busy first. Empty when the registry cannot be reached.</summary>
    public async Task<IReadOnlyList<string>> LiveNodesAsync(CancellationToken cancellationToken)
    {
        var nodes = await CurrentAsync(cancellationToken);
        return nodes.OrderBy(node => node.Running).ThenBy(node => node.Node, StringComparer.Ordinal).Select(node => node.Node).ToList();
    }

    public async Task<bool> IsLiveAsync(string node, CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).Any(status => status.Node == node);

    public void Placed(string node)
    {
        lock (_refresh)
        {
            _nodes = _nodes.Select(status => status.Node == node ? status with { Running = status.Running + 1 } : status).ToList();
        }
    }

    private async Task<List<NodeStatus>> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_read && time.GetElapsedTime(Volatile.Read(ref _readAt)) < Freshness)
        {
            return _nodes;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_read && time.GetElapsedTime(_readAt) < Freshness)
            {
                return _nodes;
            }

            try
            {
                var answer = await dapr.InvokeActorAsync(NodeRegistry.ActorType, NodeRegistry.ActorId, "list", "{}"u8.ToArray(), cancellationToken);
                var nodes = JsonSerializer.Deserialize(answer, SandboxCallsJsonContext.Default.NodeListAnswer)?.Nodes ?? [];
                lock (_refresh)
                {
                    _nodes = [.. nodes];
                }
            }
            // The registry cannot be read now (refused, timed out, cut off, garbled): no node is known live until it can.
            catch (Exception exception) when (exception is DaprException or JsonException)
            {
                lock (_refresh)
                {
                    _nodes = [];
                }
            }

            _readAt = time.GetTimestamp();
            _read = true;
            return _nodes;
        }
        finally
        {
            _refresh.Release();
        }
    }
}

using System.Text;
using System.Text.Json;
using Ash.Dapr.Client;
using Ash.Dapr.Sandboxes;
using Ash.Dapr.Tests.App;

namespace Ash.Dapr.Tests.Sandboxes;

/// <summary>The registry of sandbox hosts, hosted behind the daprd stand-in: what it knows survives its actor moving.</summary>
public sealed class NodeRegistryTests : IAsyncLifetime
{
    private AppBehindSidecar _host = null!;
    private DaprClient _dapr = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await AppBehindSidecar.StartAsync(dapr => [new NodeRegistry(dapr, TimeProvider.System)], cancellationToken: Cancel);
        _dapr = _host.Dapr;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheHostsKnown_AreKnownAgain_ByAFreshActivation()
    {
        await HeartbeatAsync("a", 2);
        await HeartbeatAsync("b", 0);
        await HeartbeatAsync("a", 3);
        var before = await ListAsync(body => _dapr.InvokeActorAsync(NodeRegistry.ActorType, NodeRegistry.ActorId, "list", body, Cancel));

        // The actor moves: daprd deactivates it here, and another replica's registry activates with nothing in memory.
        await _host.Mesh.DeactivateAllAsync(Cancel);
        var elsewhere = new NodeRegistry(_dapr, TimeProvider.System);
        var moved = await ListAsync(async body => (await elsewhere.InvokeAsync(NodeRegistry.ActorId, "list", body, Cancel)).Json.ToArray());
        var back = await ListAsync(body => _dapr.InvokeActorAsync(NodeRegistry.ActorType, NodeRegistry.ActorId, "list", body, Cancel));

        Assert.Equal(["a:3", "b:0"], before);
        Assert.Equal(["a:0", "b:0"], moved);
        Assert.Equal(["a:0", "b:0"], back);
    }

    private Task HeartbeatAsync(string node, int running) =>
        _dapr.InvokeActorAsync(NodeRegistry.ActorType, NodeRegistry.ActorId, "heartbeat", Encoding.UTF8.GetBytes($$"""{"node":"{{node}}","running":{{running}}}"""), Cancel);

    private static async Task<List<string>> ListAsync(Func<byte[], Task<byte[]>> call)
    {
        using var answer = JsonDocument.Parse(await call("{}"u8.ToArray()));
        return [.. answer.RootElement.GetProperty("nodes").EnumerateArray()
            .Select(node => $"{node.GetProperty("node").GetString()}:{node.GetProperty("running").GetInt32()}")
            .Order(StringComparer.Ordinal)];
    }
}

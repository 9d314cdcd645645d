using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// A second <c>api,sessions</c> replica joins while turns run on the first. Placement moves some session actors
/// to it (the stand-in deactivates them on the first replica, as daprd does on a rebalance); the others stay.
/// A moved session is handed off (its running turn ends with an error, its process stops) and continues on the
/// new replica with its conversation; a session that stays keeps its turn running to the end, untouched by the
/// joining replica's start-up recovery.
/// </summary>
public sealed class ReplicaJoinTests : IAsyncLifetime
{
    private static readonly string[] Replicas = ["ash-api-1", "ash-api-2"];

    private DaprCluster _cluster = null!;

    public async ValueTask InitializeAsync() =>
        _cluster = await DaprCluster.StartAsync(
            new ClusterApp("ash-api-1", "ash-api", "api,sessions", null),
            new ClusterApp("ash-api-2", "ash-api", "api,sessions", null, Deferred: true),
            new ClusterApp("ash-node-a", "ash-node-a", "sandbox-host", "a"));

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task AJoiningReplica_TakesOverTheSessionsPlacementMoves_AndLeavesTheOthersRunning()
    {
        using var first = _cluster.App("ash-api-1").CreateClient();
        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(first)).Count == 1, "the sandbox host to report in", DaprCluster.Patience);
        var agent = await Api.DeployAgentAsync(first, RepositoryPaths.ExampleAgent);

        // One session placement will move to the joining replica, one it will leave where it is.
        Guid? mover = null, stayer = null;
        for (var attempt = 0; attempt < 32 && (mover is null || stayer is null); attempt++)
        {
            var session = await Api.CreateSessionAsync(first, agent);
            var bound = DaprMesh.PlacementAmong(Replicas, "session", session.ToString()) == "ash-api-2";
            if (bound && mover is null)
            {
                mover = session;
            }
            else if (!bound && stayer is null)
            {
                stayer = session;
            }
        }

        Assert.True(mover is not null && stayer is not null, "32 sessions all hashed to the same replica");
        var moving = mover!.Value;
        var staying = stayer!.Value;
        Assert.Equal("done", (await Api.SendAsync(first, moving, "my favourite number is 4242"))[^1].Event);
        Assert.Equal("done", (await Api.SendAsync(first, staying, "my favourite colour is teal"))[^1].Event);

        // Both run a long turn on the first replica when the second joins.
        await using var movingTurn = await OpenStream.SendAsync(first, moving, "[[slow:200:300]]");
        await using var stayingTurn = await OpenStream.SendAsync(first, staying, "[[slow:100:80]]");
        await movingTurn.ReadUntilAsync("text_delta");
        await stayingTurn.ReadUntilAsync("text_delta");
        await _cluster.StartDeferredAsync("ash-api-2");

        // The moved session's turn ends at once, saying why; the staying one runs to its end.
        var moved = await movingTurn.ReadToEndAsync();
        Assert.Equal("done", moved[^1].Event);
        var error = Assert.Single(moved, frame => frame.Event == "error");
        Assert.Contains("moved to another server", error.Json.GetProperty("error").GetString());
        Assert.DoesNotContain("tick299", Api.Text(moved));

        var stayed = await stayingTurn.ReadToEndAsync();
        Assert.Equal("done", stayed[^1].Event);
        Assert.DoesNotContain(stayed, frame => frame.Event == "error");
        Assert.Contains("tick79", Api.Text(stayed));

        // The moved session goes on from the joining replica (reached through either), with its conversation.
        using var second = _cluster.App("ash-api-2").CreateClient();
        Assert.Contains("my favourite number is 4242", Api.Text(await Api.SendAsync(first, moving, "[[recall]]")));
        Assert.Equal("ash-api-2", Assert.Single(_cluster.Mesh.ActiveActors, actor => actor.ActorType == "session" && actor.ActorId == moving.ToString()).SidecarName);
        Assert.Contains("my favourite colour is teal", Api.Text(await Api.SendAsync(second, staying, "[[recall]]")));
        Assert.Equal("ash-api-1", Assert.Single(_cluster.Mesh.ActiveActors, actor => actor.ActorType == "session" && actor.ActorId == staying.ToString()).SidecarName);

        // Each event log is one writer's: numbered 1, 2, 3… with no gap and no number twice.
        foreach (var session in new[] { moving, staying })
        {
            var events = (await Api.GetJsonAsync(second, $"/api/sessions/{session}/stream/events?limit=1000"))["events"]!.AsArray();
            var numbers = events.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
            Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (long)n), numbers);
            Assert.Equal(3, events.Count(e => e!["type"]!.GetValue<string>() == "done"));
        }
    }
}

using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// The replica hosting a session's actor dies (kill -9) in the middle of a turn that a client follows through
/// another replica. The next replica to start hands each turn left open to its session's actor (a reminder,
/// delivered wherever placement now puts it); the actor, activated afresh, closes the turn, so the client's
/// stream ends, and the session goes on with its conversation.
/// </summary>
public sealed class ReplicaCrashTests : IAsyncLifetime
{
    private DaprCluster _cluster = null!;

    public async ValueTask InitializeAsync() =>
        _cluster = await DaprCluster.StartAsync(
            new ClusterApp("ash-api-1", "ash-api", "api,sessions", null),
            new ClusterApp("ash-api-2", "ash-api", "api,sessions", null),
            new ClusterApp("ash-api-3", "ash-api", "api,sessions", null, Deferred: true),
            new ClusterApp("ash-node-a", "ash-node-a", "sandbox-host", "a"));

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task ATurnLeftOpenByADeadReplica_IsClosedByItsSessionsActor_WhenTheNextReplicaStarts()
    {
        using var client = _cluster.App("ash-api-2").CreateClient();
        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(client)).Count == 1, "the sandbox host to report in", DaprCluster.Patience);
        var agent = await Api.DeployAgentAsync(client, RepositoryPaths.ExampleAgent);

        // A session whose actor lives on the replica that will die; the client talks to another one.
        Guid? found = null;
        for (var attempt = 0; attempt < 32 && found is null; attempt++)
        {
            var candidate = await Api.CreateSessionAsync(client, agent);
            if (DaprMesh.PlacementAmong(["ash-api-1", "ash-api-2"], "session", candidate.ToString()) == "ash-api-1")
            {
                found = candidate;
            }
        }

        var session = found ?? throw new InvalidOperationException("32 sessions all hashed to ash-api-2");
        Assert.Equal("done", (await Api.SendAsync(client, session, "please remember the code 7781"))[^1].Event);
        await using var turn = await OpenStream.SendAsync(client, session, "[[slow:200:300]]");
        await turn.ReadUntilAsync("text_delta");

        await _cluster.RemoveAsync("ash-api-1");
        await _cluster.StartDeferredAsync("ash-api-3");

        var frames = await turn.ReadToEndAsync();
        Assert.Equal("done", frames[^1].Event);
        var error = Assert.Single(frames, frame => frame.Event == "error");
        Assert.Contains("server running its session stopped", error.Json.GetProperty("error").GetString());

        Assert.Contains("please remember the code 7781", Api.Text(await Api.SendAsync(client, session, "[[recall]]")));
        var events = (await Api.GetJsonAsync(client, $"/api/sessions/{session}/stream/events?limit=1000"))["events"]!.AsArray();
        var numbers = events.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(Enumerable.Range(1, numbers.Count).Select(n => (long)n), numbers);
    }
}

using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// Two replicas of the <c>api,sessions</c> app (one app id, two sidecars) and a sandbox host: whichever replica
/// a client reaches, the operation runs on the replica Dapr placed the session's actor on, and the turn's
/// events reach the client's replica through its own consumer group.
/// </summary>
public sealed class ReplicaTests : IAsyncLifetime
{
    private DaprCluster _cluster = null!;

    public async ValueTask InitializeAsync() =>
        _cluster = await DaprCluster.StartAsync(
            new ClusterApp("ash-api-1", "ash-api", "api,sessions", null),
            new ClusterApp("ash-api-2", "ash-api", "api,sessions", null),
            new ClusterApp("ash-node-a", "ash-node-a", "sandbox-host", "a"));

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task ASession_IsServedThroughEitherReplica_ButRunsOnlyWhereItsActorIs()
    {
        using var first = _cluster.App("ash-api-1").CreateClient();
        using var second = _cluster.App("ash-api-2").CreateClient();
        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(first)).Count == 1 && (await DaprCluster.SandboxHostsAsync(second)).Count == 1, "both replicas to see the sandbox host", DaprCluster.Patience);
        var agent = await Api.DeployAgentAsync(first, RepositoryPaths.ExampleAgent);

        // Sessions created through one replica; each is then used through the replica that does not host it.
        var sessions = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            sessions.Add(await Api.CreateSessionAsync(i % 2 == 0 ? first : second, agent));
        }

        foreach (var session in sessions)
        {
            var host = Assert.Single(_cluster.Mesh.ActiveActors, actor => actor.ActorType == "session" && actor.ActorId == session.ToString()).SidecarName;
            var client = host == "ash-api-1" ? second : first;
            var frames = await Api.SendAsync(client, session, $"my favourite number is {session.ToString()[..4]}");
            Assert.Equal("done", frames[^1].Event);
            Assert.Equal("paused", (await Api.ChangeAsync(client, session, "pause"))["status"]!.GetValue<string>());
            Assert.Equal("active", (await Api.ChangeAsync(client, session, "resume"))["status"]!.GetValue<string>());
            Assert.Contains($"my favourite number is {session.ToString()[..4]}", Api.Text(await Api.SendAsync(client, session, "[[recall]]")));
        }

        // One sandbox per session, all on the one node: no session ever ran twice.
        var running = Directory.EnumerateDirectories(Path.Combine(_cluster.Root, "ash-node-a", "sandboxes")).Select(Path.GetFileName).ToList();
        Assert.All(sessions, session => Assert.Contains(session.ToString("D"), running));
    }
}

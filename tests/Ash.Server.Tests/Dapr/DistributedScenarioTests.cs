using System.Net;
using System.Text.Json.Nodes;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// The main scenario across three server processes, each with its own data directory and its own sidecar
/// (the daprd stand-in; no real daprd runs here): an <c>api,sessions</c> app and two <c>sandbox-host</c> apps,
/// nodes <c>a</c> and <c>b</c>, sharing a snapshot directory. Deploy, create, a turn streamed over SSE
/// through pub/sub, pause and warm resume, stop, the session's node goes away, cold resume on the other
/// node with its files and conversation, end.
/// </summary>
public sealed class DistributedScenarioTests : IAsyncLifetime
{
    private DaprCluster _cluster = null!;

    private string Shared => _cluster.Shared;

    private DaprMesh Mesh => _cluster.Mesh;

    public async ValueTask InitializeAsync() =>
        _cluster = await DaprCluster.StartAsync(("ash-api", "api,sessions", null), ("ash-node-a", "sandbox-host", "a"), ("ash-node-b", "sandbox-host", "b"));

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task Session_RunsOnANode_StreamsThroughPubSub_AndResumesColdOnTheOtherNode()
    {
        using var http = _cluster.App("ash-api").CreateClient();
        await Eventually.TrueAsync(async () => (await HostsAsync(http)).Count == 2, "both sandbox hosts to report to the sessions app", DaprCluster.Patience);

        // Deploy and create: the session is placed on one of the two nodes, whose data directory gets its files.
        var agent = await Api.DeployAgentAsync(http, RepositoryPaths.ExampleAgent);
        var session = await Api.CreateSessionAsync(http, agent);
        var first = NodeHolding(session);
        var other = first == "a" ? "b" : "a";

        // A turn: the node runs the agent, the sessions app writes the events, they cross the broker to the API's SSE.
        var before = Mesh.GetPubSubCounts("ash-pubsub", "session-events");
        var frames = await Api.SendAsync(http, session, "my favourite colour is teal");
        Assert.Equal("done", frames[^1].Event);
        Assert.True(Mesh.GetPubSubCounts("ash-pubsub", "session-events").Published > before.Published);

        // Pause keeps the process on its node; resume is the warm path.
        Assert.Equal("paused", (await Api.ChangeAsync(http, session, "pause"))["status"]!.GetValue<string>());
        Assert.Equal("active", (await Api.ChangeAsync(http, session, "resume"))["status"]!.GetValue<string>());
        Assert.Equal("warm", (await Api.EventsOfTypeAsync(http, session, "lifecycle"))[^1]["path"]!.GetValue<string>());

        // Exec and logs reach the node too.
        using (var exec = await http.PostAsync($"/api/sessions/{session}/exec", JsonContent("""{"command":"cat CLAUDE.md | head -c 20"}""")))
        {
            Assert.Equal(HttpStatusCode.OK, exec.StatusCode);
        }

        var logs = await Api.GetJsonAsync(http, $"/api/sessions/{session}/logs");
        Assert.Contains(logs["logs"]!.AsArray(), line => line!["text"]!.GetValue<string>().Contains(" started in ", StringComparison.Ordinal));

        // Stop: the process ends and its files are snapshotted to the shared directory.
        Assert.Equal("stopped", (await Api.ChangeAsync(http, session, "stop"))["status"]!.GetValue<string>());
        Assert.True(Directory.EnumerateDirectories(Path.Combine(Shared, session.ToString("D")), "gen-*").Any(), "no snapshot of the stopped session");

        // The session's node goes away (its process dies, its sidecar leaves placement).
        await _cluster.RemoveAsync("ash-node-" + first);
        await Eventually.TrueAsync(async () => (await HostsAsync(http)).SequenceEqual([other]), $"node {first} to be given up", DaprCluster.Patience);

        // Cold resume on the other node: its files come from the snapshot, and the agent still remembers.
        var resumed = await Api.ChangeAsync(http, session, "resume");
        Assert.Equal("active", resumed["status"]!.GetValue<string>());
        var recalled = Api.Text(await Api.SendAsync(http, session, "[[recall]]"));
        Assert.Contains("my favourite colour is teal", recalled);
        Assert.Equal(other, NodeHolding(session));

        // End.
        using (var ended = await http.DeleteAsync($"/api/sessions/{session}"))
        {
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }

        Assert.Equal("ended", await Api.StatusOfAsync(http, session));
    }

    [Fact]
    public async Task Resume_RightAfterItsNodeDied_StartsOnTheOtherNode_BeforeTheRegistryNotices()
    {
        using var http = _cluster.App("ash-api").CreateClient();
        await Eventually.TrueAsync(async () => (await HostsAsync(http)).Count == 2, "both sandbox hosts to report to the sessions app", DaprCluster.Patience);
        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http, RepositoryPaths.ExampleAgent));
        await Api.SendAsync(http, session, "my favourite colour is teal");
        var first = NodeHolding(session);
        var other = first == "a" ? "b" : "a";
        await Api.ChangeAsync(http, session, "stop");

        // The node dies; the registry still lists it for a few seconds.
        await _cluster.RemoveAsync("ash-node-" + first);
        var resumed = await Api.ChangeAsync(http, session, "resume");

        Assert.Equal("active", resumed["status"]!.GetValue<string>());
        Assert.Contains("my favourite colour is teal", Api.Text(await Api.SendAsync(http, session, "[[recall]]")));
        Assert.Equal(other, NodeHolding(session));
    }

    [Fact]
    public async Task WorkspaceFiles_OnTheSessionsApp_AreAPlain503_NotAMissingFile()
    {
        using var http = _cluster.App("ash-api").CreateClient();
        await Eventually.TrueAsync(async () => (await HostsAsync(http)).Count == 2, "both sandbox hosts to report to the sessions app", DaprCluster.Patience);
        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http, RepositoryPaths.ExampleAgent));

        using var response = await http.GetAsync($"/api/sessions/{session}/files");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("not_available_distributed", body["code"]!.GetValue<string>());
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>The node holding the session's files; of two, the one still running (the other kept a stale copy).</summary>
    private string NodeHolding(Guid session)
    {
        var holding = _cluster.NodesHolding(session, "a", "b");
        return holding.Count switch
        {
            1 => holding[0],
            0 => throw new Xunit.Sdk.XunitException($"no node holds session {session}'s files"),
            _ => holding.Single(node => _cluster.IsRunning("ash-node-" + node)),
        };
    }

    private static Task<List<string>> HostsAsync(HttpClient http) => DaprCluster.SandboxHostsAsync(http);
}

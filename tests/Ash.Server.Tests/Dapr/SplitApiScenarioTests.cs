using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Core.Agents;
using Ash.Server.Tests.Messages;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// The API apart from the session actors: an <c>api</c> app that hosts nothing, a <c>sessions</c> app that
/// hosts the actors, and one sandbox host. Every operation the API takes is forwarded through Dapr to the
/// session's actor, and the turn's events come back to the API through pub/sub only.
/// </summary>
public sealed class SplitApiScenarioTests : IAsyncLifetime
{
    private DaprCluster _cluster = null!;

    public async ValueTask InitializeAsync() =>
        _cluster = await DaprCluster.StartAsync(("ash-sessions", "sessions", null), ("ash-node-a", "sandbox-host", "a"), ("ash-api", "api", null));

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task EveryOperation_ReachesTheSessionActor_AndTheTurnStreamsBackThroughPubSub()
    {
        using var http = _cluster.App("ash-api").CreateClient();
        using var sessionsApp = _cluster.App("ash-sessions").CreateClient();
        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(sessionsApp)).Count == 1, "the sandbox host to report to the sessions app", DaprCluster.Patience);

        var agent = await Api.DeployAgentAsync(http, RepositoryPaths.ExampleAgent);
        var session = await Api.CreateSessionAsync(http, agent);
        var frames = await Api.SendAsync(http, session, "my favourite colour is teal");
        var paused = await Api.ChangeAsync(http, session, "pause");
        var resumed = await Api.ChangeAsync(http, session, "resume");
        using var exec = await http.PostAsync($"/api/sessions/{session}/exec", new StringContent("""{"command":"echo split"}""", System.Text.Encoding.UTF8, "application/json"));
        var execBody = System.Text.Json.Nodes.JsonNode.Parse(await exec.Content.ReadAsStringAsync())!;
        var logs = await Api.GetJsonAsync(http, $"/api/sessions/{session}/logs");
        using var configured = await http.PatchAsync(
            $"/api/sessions/{session}/config", new StringContent("""{"model":"claude-split-model","betas":["split-beta"]}""", System.Text.Encoding.UTF8, "application/json"));
        var configuredBody = System.Text.Json.Nodes.JsonNode.Parse(await configured.Content.ReadAsStringAsync())!;
        var stopped = await Api.ChangeAsync(http, session, "stop");
        await Api.ChangeAsync(http, session, "resume");
        var recalled = Api.Text(await Api.SendAsync(http, session, "[[recall]]"));
        var forked = await Api.ChangeAsync(http, session, "fork", HttpStatusCode.Created);
        var ended = await Api.ChangeAsync(http, session, "delete");
        var again = await Api.LifecycleAsync(http, session, "resume");

        Assert.Equal("done", frames[^1].Event);
        Assert.Contains(frames, frame => frame.Event == "text_delta");
        Assert.Equal(["paused", "active", "stopped", "ended"], new[] { paused, resumed, stopped, ended }.Select(s => s["status"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.OK, "split\n"), (exec.StatusCode, execBody["stdout"]!.GetValue<string>()));
        Assert.Contains(logs["logs"]!.AsArray(), line => line!["text"]!.GetValue<string>().Contains(" started in ", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
        Assert.Equal("claude-split-model", configuredBody["session"]!["model"]!.GetValue<string>());
        Assert.Equal("split-beta", configuredBody["session"]!["config"]!["betas"]![0]!.GetValue<string>());
        Assert.Equal("claude-split-model", forked["model"]!.GetValue<string>());
        Assert.Contains("my favourite colour is teal", recalled);
        Assert.Equal(session.ToString(), forked["parentSessionId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Gone, again.Status);

        // The API app hosts no actor and no sandbox: everything above went through Dapr.
        Assert.Contains(_cluster.Mesh.ActiveActors, actor => actor.ActorType == "session" && actor.ActorId == session.ToString() && actor.SidecarName == "ash-sessions");
        Assert.DoesNotContain(_cluster.Mesh.ActiveActors, actor => actor.SidecarName == "ash-api");
        Assert.False(Directory.Exists(Path.Combine(_cluster.Root, "ash-api", "sandboxes", session.ToString("D"))));

        // Nor does it keep volumes ready for sandboxes it never runs: no loop mount at all under its data.
        Assert.Empty(HostMounts.Below(Path.Combine(_cluster.Root, "ash-api")));
    }

    [Fact]
    public async Task AnAttachmentReference_IsResolvedOnTheApiApp_TheModelGetsTheImage_AndTheHistoryTheReference()
    {
        using var http = _cluster.App("ash-api").CreateClient();
        using var sessionsApp = _cluster.App("ash-sessions").CreateClient();
        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(sessionsApp)).Count == 1, "the sandbox host to report to the sessions app", DaprCluster.Patience);
        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http, RepositoryPaths.ExampleAgent));
        using var upload = await http.PostAsJsonAsync(
            $"/api/sessions/{session}/attachments",
            new { filename = "chart.png", content = AttachmentBlocksTests.PngBase64, mimeType = "image/png" },
            TestContext.Current.CancellationToken);
        await Api.EnsureStatusAsync(upload, HttpStatusCode.Created);
        var id = (await upload.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["attachment"]!["id"]!.GetValue<string>();
        var marker = "split-image-" + Guid.NewGuid().ToString("N");

        var frames = await Api.SendBodyAsync(http, session, new { content = marker, attachments = new[] { id } });
        var history = (await Api.GetJsonAsync(http, $"/api/sessions/{session}/messages"))["messages"]!.AsArray()[0]!["content"]!.GetValue<string>();

        Assert.True(frames[^1].Event == "done" && frames.All(f => f.Event != "error"), string.Join("\n", frames.Select(f => $"{f.Event} {f.Data}")));
        var request = _cluster.Model.Requests.First(r => r.UserTexts.Any(t => t.Contains(marker, StringComparison.Ordinal)));
        var image = JsonNode.Parse(request.Body)!["messages"]!.AsArray()
            .Where(m => m!["role"]!.GetValue<string>() == "user" && m["content"] is JsonArray)
            .SelectMany(m => m!["content"]!.AsArray())
            .Single(b => b!["type"]!.GetValue<string>() == "image")!;
        Assert.Equal(AttachmentBlocksTests.PngBase64, image["source"]!["data"]!.GetValue<string>());
        Assert.Contains(id, history);
        Assert.DoesNotContain(AttachmentBlocksTests.PngBase64[..40], history);
    }

    [Fact]
    public async Task ExpectedErrors_CrossTheHop_AsTheyAreEmbedded()
    {
        using var http = _cluster.App("ash-api").CreateClient();
        using var sessionsApp = _cluster.App("ash-sessions").CreateClient();
        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(sessionsApp)).Count == 1, "the sandbox host to report to the sessions app", DaprCluster.Patience);
        var session = await Api.CreateSessionAsync(http, await Api.DeployAgentAsync(http, RepositoryPaths.ExampleAgent));
        await Api.ChangeAsync(http, session, "stop");

        var pauseStopped = await Api.LifecycleAsync(http, session, "pause");
        using var unknownAgent = await http.PostAsync("/api/sessions", new StringContent("""{"agent":"no-such-agent"}""", System.Text.Encoding.UTF8, "application/json"));
        using var unknownSession = await http.PostAsync($"/api/sessions/{Guid.NewGuid()}/pause", null);

        Assert.Equal(HttpStatusCode.BadRequest, pauseStopped.Status);
        Assert.Equal("invalid_state", pauseStopped.Body["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknownAgent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSession.StatusCode);
    }

    /// <summary>The proxy runs on the sandbox node, apart from the turn and the usage recorder: budgets are refused, not set and ignored.</summary>
    [Fact]
    public async Task Budgets_OnSplitApps_AreRefusedWithBudgetsUnsupported()
    {
        using var http = _cluster.App("ash-api").CreateClient();
        var agent = await Api.DeployAgentAsync(http, RepositoryPaths.ExampleAgent);

        using var tenant = await http.PutAsJsonAsync("/api/budgets/tenant", new { limitUsd = 5 });
        using var agentBudget = await http.PutAsJsonAsync($"/api/budgets/agents/{agent}", new { limitUsd = 5 });
        using var create = await http.PostAsJsonAsync("/api/sessions", new { agent, budgetUsd = 5 });
        using var message = await http.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/messages", new { content = "hi", maxBudgetUsd = 1 });

        foreach (var refused in new[] { tenant, agentBudget, create, message })
        {
            await Credentials.CredentialCalls.AssertErrorAsync(refused, HttpStatusCode.BadRequest, "budgets_unsupported");
        }

        Assert.Empty((await Api.GetJsonAsync(http, "/api/budgets"))["budgets"]!.AsArray());
    }

    [Fact]
    public async Task ADeployedAgent_IsKeptAsContentInTheSharedAgentsDirectory_AndALegacyAgentAsksToBeDeployedAgain()
    {
        using var http = _cluster.App("ash-api").CreateClient();
        using var sessionsApp = _cluster.App("ash-sessions").CreateClient();
        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(sessionsApp)).Count == 1, "the sandbox host to report to the sessions app", DaprCluster.Patience);
        var agent = await Api.DeployAgentAsync(http, RepositoryPaths.ExampleAgent);
        var deployed = (await Api.GetJsonAsync(http, $"/api/agents/{agent}"))["agent"]!["path"]!.GetValue<string>();

        // An agent row written by an older version: its path is the folder it was deployed from.
        await using (var database = await Ash.Storage.Sqlite.SqliteDatabase.OpenAsync(Path.Combine(_cluster.Root, "ash.db"), fullSync: false, CancellationToken.None))
        {
            await new Ash.Storage.Sqlite.SqliteAgentStore(database, TimeProvider.System).UpsertAsync("default", "legacy", RepositoryPaths.ExampleAgent, AgentConfig.Default, null, null, CancellationToken.None);
        }

        // The create fails in its prepare step, which names the way out.
        using var create = await http.PostAsync("/api/sessions", new StringContent("""{"agent":"legacy"}""", System.Text.Encoding.UTF8, "application/json"));
        var refused = System.Text.Json.Nodes.JsonNode.Parse(await create.Content.ReadAsStringAsync())!;

        Assert.StartsWith(Path.Combine(_cluster.Agents, "default", agent) + "/", deployed, StringComparison.Ordinal);
        Assert.Equal(64, Path.GetFileName(deployed).Length);
        Assert.True(File.Exists(Path.Combine(deployed, "CLAUDE.md")));
        Assert.NotEqual(HttpStatusCode.Created, create.StatusCode);
        Assert.Contains("deploy it again", refused["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(SandboxDirectories(Path.Combine(_cluster.Root, "ash-node-a", "sandboxes")));
    }

    /// <summary>The sandboxes made under a node's directory (the volume pool's hidden directory is not one).</summary>
    private static List<string> SandboxDirectories(string sandboxes) =>
        Directory.Exists(sandboxes)
            ? Directory.EnumerateDirectories(sandboxes).Select(Path.GetFileName).OfType<string>().Where(name => !name.StartsWith('.')).ToList()
            : [];
}

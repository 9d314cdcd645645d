using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Core.Auth;
using Ash.Server.Auth;
using Ash.Testing.Common;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Sessions;

/// <summary>
/// Pre-started sandboxes: a session created with no per-session options takes one (same id as the
/// process already running), anything else gets a fresh sandbox, and nothing crosses tenants.
/// </summary>
public sealed class WarmPoolTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private string SandboxesDirectory => Path.Combine(platform.Server.DataDirectory, "sandboxes");

    /// <summary>
    /// Deploys an agent with a pool of one and waits until its sandbox runs (a pid record under an id no session
    /// has). The agent's folder carries a file of its own, so another test's pool refilling late is not taken for it.
    /// </summary>
    private async Task<(string Agent, Guid WarmId)> DeployWithWarmSandboxAsync(HttpClient http, string? folder = null)
    {
        folder ??= AgentFolders.Create("""{ "warmPool": 1 }""");
        var marker = "marker-" + Guid.NewGuid().ToString("N") + ".txt";
        await File.WriteAllTextAsync(Path.Combine(folder, marker), "this test's agent");
        var before = Directory.Exists(SandboxesDirectory) ? Directory.GetDirectories(SandboxesDirectory).ToHashSet() : [];
        var agent = await Api.DeployAgentAsync(http, folder);
        List<string> fresh = [];
        await Eventually.TrueAsync(
            () => (fresh = Directory.GetDirectories(SandboxesDirectory)
                .Where(d => !before.Contains(d) && File.Exists(Path.Combine(d, "agent.pid")) && File.Exists(Path.Combine(d, "volume", "workspace", marker)))
                .ToList()).Count == 1,
            () => $"one warm sandbox for {agent}; saw {fresh.Count}");
        return (agent, Guid.Parse(Path.GetFileName(fresh[0])));
    }

    [Fact]
    public async Task Create_WithDefaultOptions_TakesTheWarmSandbox_AndThePoolRefills()
    {
        var (agent, warmId) = await DeployWithWarmSandboxAsync(Http);
        var warmPid = SandboxProcess.PidOf(platform.Server.DataDirectory, warmId);
        var hitsBefore = (await Api.GetJsonAsync(Http, "/health"))["pool"]!["preWarmHits"]!.GetValue<long>();

        var session = await Api.CreateSessionAsync(Http, agent);

        Assert.Equal(warmId, session);
        Assert.Equal(warmPid, SandboxProcess.PidOf(platform.Server.DataDirectory, session));
        Assert.Equal(hitsBefore + 1, (await Api.GetJsonAsync(Http, "/health"))["pool"]!["preWarmHits"]!.GetValue<long>());
        var lifecycle = Assert.Single(await Api.EventsOfTypeAsync(Http, session, "lifecycle"));
        Assert.Equal("warm", lifecycle["path"]!.GetValue<string>());

        // It is a normal session: it answers, remembers, and its workspace holds the agent's files.
        var first = await Api.SendAsync(Http, session, "Remember the word [[recall]] heron");
        Assert.Equal("done", first[^1].Event);
        var frames = await Api.SendAsync(Http, session, "[[bash:ls]]");
        Assert.Contains("CLAUDE.md", Assert.Single(frames, f => f.Event == "tool_result").Json.GetProperty("content").GetString());

        // A replacement starts for the next session, under a new id.
        await Eventually.TrueAsync(async () => (await Api.GetJsonAsync(Http, "/health"))["pool"]!["warm"]!.GetValue<int>() >= 1, "the pool to refill");

        var next = await Api.CreateSessionAsync(Http, agent);
        Assert.NotEqual(session, next);
    }

    [Fact]
    public async Task Create_WithPerSessionOptions_NeverTakesTheWarmSandbox()
    {
        var (agent, warmId) = await DeployWithWarmSandboxAsync(Http);

        var withEnv = await Api.CreateSessionAsync(Http, agent, new { extraEnv = new Dictionary<string, string> { ["SESSION_ONLY"] = "secret-of-one-session" } });
        var withPrompt = await Api.CreateSessionAsync(Http, agent, new { systemPrompt = "Be terse." });
        var plain = await Api.CreateSessionAsync(Http, agent);

        Assert.NotEqual(warmId, withEnv);
        Assert.NotEqual(warmId, withPrompt);
        Assert.Equal(warmId, plain);

        // The warm one never saw the other sessions' values.
        using var response = await Http.PostAsJsonAsync($"/api/sessions/{plain}/exec", new { command = "env" });
        var env = (await response.Content.ReadFromJsonAsync<JsonObject>())!["stdout"]!.GetValue<string>();
        Assert.DoesNotContain("secret-of-one-session", env);
    }

    [Fact]
    public async Task WarmSandbox_OfOneTenant_IsNeverGivenToAnother()
    {
        var folder = AgentFolders.Create("""{ "warmPool": 1 }""");
        var (agent, warmId) = await DeployWithWarmSandboxAsync(Http, folder);
        var otherKey = "ash_other_tenant_" + Guid.NewGuid().ToString("N");
        await platform.Server.Services.GetRequiredService<IApiKeyStore>().AddAsync("tenant-b", ApiKeyHash.Hash(otherKey), "test", CancellationToken.None);
        using var other = platform.Server.CreateClient(otherKey);
        using (var deploy = await other.PostAsJsonAsync("/api/agents", new { name = agent, path = folder }))
        {
            await Api.EnsureStatusAsync(deploy, System.Net.HttpStatusCode.Created);
        }

        var theirs = await Api.CreateSessionAsync(other, agent);
        var ours = await Api.CreateSessionAsync(Http, agent);

        Assert.NotEqual(warmId, theirs);
        Assert.Equal(warmId, ours);
    }
}

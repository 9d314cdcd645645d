using Ash.Server.Tests.Infrastructure;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// What happens at the edges of enforcement: an agent the kernel kills for memory, and a machine
/// where no limits can be enforced (the server refuses unless told otherwise).
/// </summary>
public sealed class LimitEnforcementTests
{
    /// <summary>A runtime that answers nothing and then allocates far past its limit itself.</summary>
    private const string MemoryHungryRuntime = "read line; exec python3 -c 'b = bytearray(2 << 30); print(len(b))'";

    /// <summary>
    /// The kernel kills the agent at its memory limit: the turn says so, and the session stays active (the
    /// next message starts a new process, continuing the conversation: TurnLimitTests shows it with the real CLI).
    /// </summary>
    [Fact]
    public async Task AgentKilledForMemory_TurnSaysSo_NextMessageStartsItAgain()
    {
        await using var server = await TestServer.StartAsync(new Uri("http://127.0.0.1:9"), "sk-unused", ScriptRuntime.Create(MemoryHungryRuntime));
        var agent = await Api.DeployAgentAsync(server.Http, AgentFolders.Create("""{ "limits": { "memoryMb": 256 } }"""));
        var session = await Api.CreateSessionAsync(server.Http, agent);

        var frames = await Api.SendAsync(server.Http, session, "hello");

        var limit = Assert.Single(frames, f => f.Event == "resource_limit");
        Assert.Equal("memory", limit.Json.GetProperty("resource").GetString());
        Assert.Equal(256L * 1024 * 1024, limit.Json.GetProperty("limit").GetInt64());
        Assert.True(limit.Json.GetProperty("count").GetInt64() >= 1);
        Assert.Equal("error", frames[^2].Event);
        Assert.Contains("ran out of memory (limit 256 MiB)", frames[^2].Json.GetProperty("error").GetString());
        Assert.Equal("out_of_memory", frames[^2].Json.GetProperty("code").GetString());
        Assert.Equal("done", frames[^1].Event);
        Assert.Equal("active", await Api.StatusOfAsync(server.Http, session));

        var again = await Api.SendAsync(server.Http, session, "hello again");
        Assert.Equal(2, (await Api.EventsOfTypeAsync(server.Http, session, "resource_limit")).Count);
        Assert.Equal("out_of_memory", again[^2].Json.GetProperty("code").GetString());
    }

    [Fact]
    public async Task NoCgroups_ServerRefusesToStart_NamingTheOptIn()
    {
        var emptyRoot = Directory.CreateTempSubdirectory("ash-no-cgroups").FullName;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:Sandbox:CgroupRoot"] = emptyRoot }));

        Assert.Contains("Resource limits cannot be enforced", refused.Message);
        Assert.Contains("--allow-unlimited", refused.Message);
    }

    [Fact]
    public async Task NoCgroups_WithExplicitOptIn_StartsAndHealthSaysUnenforced()
    {
        var emptyRoot = Directory.CreateTempSubdirectory("ash-no-cgroups").FullName;
        await using var server = await TestServer.StartAsync(null, null, extra: new Dictionary<string, string?>
        {
            ["Ash:Sandbox:CgroupRoot"] = emptyRoot,
            ["Ash:Sandbox:AllowUnlimited"] = "true",
        });

        var health = await Api.GetJsonAsync(server.Http, "/health");

        Assert.Equal("none", health["sandbox"]!["cgroup"]!.GetValue<string>());
        Assert.False(health["sandbox"]!["limits"]!["enforced"]!.GetValue<bool>());
    }
}

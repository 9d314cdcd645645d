using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// Resource limits as the kernel sees them: the sandbox's whole process tree sits in its own cgroup
/// with the agent's <c>ash.json</c> limits (or the server's defaults), the cgroup goes with the
/// process, and <c>/health</c> says what is enforced.
/// </summary>
public sealed class ResourceLimitTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<(Guid Session, int Pid)> StartSessionAsync(string? ashJson)
    {
        var agent = await Api.DeployAgentAsync(Http, AgentFolders.Create(ashJson));
        var session = await Api.CreateSessionAsync(Http, agent);
        var frames = await Api.SendAsync(Http, session, "Hello");
        Assert.Equal("done", frames[^1].Event);
        return (session, await SandboxProcess.WaitForPidAsync(platform.Server.DataDirectory, session, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Limits_FromAshJson_AreTheSandboxCgroupLimits()
    {
        var (session, pid) = await StartSessionAsync("""{ "limits": { "memoryMb": 300, "maxProcesses": 100, "cpus": 0.5 } }""");

        var cgroups = SandboxCgroups.Of(pid);
        Assert.Contains($"s-{session:N}", cgroups.Leaf("memory"));
        Assert.Equal(300L * 1024 * 1024, cgroups.MemoryLimit);
        Assert.Equal(100, cgroups.ProcessLimit);
        Assert.Equal(50_000, cgroups.CpuQuota);
    }

    [Fact]
    public async Task Limits_WithoutAshJson_AreTheServerDefaults()
    {
        var (_, pid) = await StartSessionAsync(null);

        var cgroups = SandboxCgroups.Of(pid);
        Assert.Equal(2048L * 1024 * 1024, cgroups.MemoryLimit);
        Assert.Equal(512, cgroups.ProcessLimit);
        Assert.Equal(100_000, cgroups.CpuQuota);
    }

    [Fact]
    public async Task Cgroup_HoldsTheWholeProcessTreeFromItsFirstProcess()
    {
        var (session, pid) = await StartSessionAsync(null);

        // The recorded pid is the launcher itself (it joined, then exec'd setpriv → bwrap): nothing
        // of the sandbox ever ran outside the cgroup.
        var leaf = SandboxCgroups.Of(pid).Leaf("pids");
        var tree = SandboxCgroups.TreeOf(pid);
        Assert.True(tree.Count >= 3, $"expected bwrap, its init and the agent; saw {tree.Count} processes");
        foreach (var member in tree)
        {
            // A short-lived child of the agent may exit between the listing and this read: only running members count.
            if (SandboxCgroups.OfRunning(member) is { } cgroups)
            {
                Assert.Equal(leaf, cgroups.Leaf("pids"));
            }
        }

        // Every member is in the leaf's task list, unless it has exited since the listing.
        var tasks = File.ReadAllLines(Path.Combine(leaf, "cgroup.procs")).Select(int.Parse).ToHashSet();
        Assert.All(tree.Where(member => !tasks.Contains(member)), member => Assert.Null(SandboxCgroups.OfRunning(member)));
        Assert.Contains($"s-{session:N}", leaf);
    }

    [Fact]
    public async Task Cgroup_IsRemovedWhenTheSessionStops()
    {
        var (session, pid) = await StartSessionAsync(null);
        var leaves = SandboxCgroups.Of(pid).Paths.Values.ToList();
        Assert.All(leaves, leaf => Assert.True(Directory.Exists(leaf)));

        await Api.ChangeAsync(Http, session, "stop");

        Assert.All(leaves, leaf => Assert.False(Directory.Exists(leaf), $"{leaf} outlived its sandbox"));
    }

    [Fact]
    public async Task Health_ReportsTheEnforcedLimits()
    {
        var health = await Api.GetJsonAsync(Http, "/health");

        var sandbox = health["sandbox"]!.AsObject();
        Assert.Contains(sandbox["cgroup"]!.GetValue<string>(), new[] { "v1", "v2" });
        var limits = sandbox["limits"]!.AsObject();
        Assert.True(limits["enforced"]!.GetValue<bool>());
        Assert.Equal(2048, limits["memoryMb"]!.GetValue<long>());
        Assert.Equal(512, limits["maxProcesses"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{ "limits": { "memoryMb": 10 } }""", "limits.memoryMb")]
    [InlineData("""{ "limits": { "cpus": "lots" } }""", "limits.cpus")]
    [InlineData("""{ "limit": { } }""", "unknown key 'limit'")]
    [InlineData("""{ "network": { "mode": "full" } }""", "full network")]
    [InlineData("""{ "network": { "mode": "allowlist" } }""", "at least one entry")]
    [InlineData("""{ "warmPool": 99 }""", "warmPool")]
    [InlineData("not json", "not valid JSON")]
    public async Task Deploy_WithInvalidAshJson_Is400NamingTheProblem(string ashJson, string expected)
    {
        using var response = await Http.PostAsJsonAsync("/api/agents", new { name = "bad-" + Guid.NewGuid().ToString("N")[..8], path = AgentFolders.Create(ashJson) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains(expected, body["error"]!.GetValue<string>());
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
    }
}

using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// What happens at the edges of enforcement: an agent the kernel kills for memory, and a machine
/// where no limits (or no disk quotas) can be enforced (the server refuses unless told otherwise).
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

    [Fact]
    public async Task NoLoopDevices_ServerRefusesToStart_NamingTheOptOut()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:Sandbox:Volumes:LoopControlPath"] = "/nonexistent/loop-control" }));

        Assert.Contains("Disk and inode quotas cannot be enforced", refused.Message);
        Assert.Contains("/nonexistent/loop-control", refused.Message);
        Assert.Contains("--disk-volumes false", refused.Message);
    }

    [Fact]
    public async Task NoMkfs_ServerRefusesToStart_SayingWhy()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:Sandbox:Volumes:MkfsPath"] = "/bin/false" }));

        Assert.Contains("Disk and inode quotas cannot be enforced (/bin/false failed with exit code 1", refused.Message);
    }

    [Fact]
    public async Task VolumesSwitchedOff_StartsWithAPerFileLimitOnly_AndHealthSaysTheQuotaIsNotEnforced()
    {
        // Writes at once, when the session's sandbox starts: RLIMIT_FSIZE ends dd (SIGXFSZ) at the quota.
        const string FileSizeProbe = "dd if=/dev/zero of=/workspace/big bs=1M count=40 2>/dev/null; exec sleep 60";
        await using var server = await TestServer.StartAsync(new Uri("http://127.0.0.1:9"), "sk-unused", ScriptRuntime.Create(FileSizeProbe), new Dictionary<string, string?>
        {
            ["Ash:Sandbox:Volumes:Enabled"] = "false",
            ["Ash:Sandbox:Limits:DiskMb"] = "16",
        });

        var limits = (await Api.GetJsonAsync(server.Http, "/health"))["sandbox"]!["limits"]!;
        Assert.Equal("file-size-limit", limits["disk"]!.GetValue<string>());
        Assert.False(limits["diskQuotaEnforced"]!.GetValue<bool>());
        Assert.True(limits["enforced"]!.GetValue<bool>());

        var session = await Api.CreateSessionAsync(server.Http, await Api.DeployAgentAsync(server.Http));
        var big = Path.Combine(server.WorkspaceOf(session), "big");
        await Eventually.TrueAsync(
            () => File.Exists(big) && new FileInfo(big).Length == 16L * 1024 * 1024,
            () => $"the per-file limit to stop the write at 16 MiB (size {(File.Exists(big) ? new FileInfo(big).Length : -1)})");

        Assert.Empty(HostMounts.Below(server.DataDirectory));
        Assert.False(File.Exists(Path.Combine(server.SessionDirectoryOf(session), "volume.img")));
    }
}

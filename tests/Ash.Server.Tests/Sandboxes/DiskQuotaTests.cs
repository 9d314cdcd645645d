using Ash.Server.Tests.Infrastructure;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// The per-session disk quota: no file outgrows it (RLIMIT_FSIZE), and a session whose files outgrow
/// it in total has its sandbox stopped, says so, and goes to <c>error</c> until resumed.
/// </summary>
public sealed class DiskQuotaTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<Guid> SessionWithQuotaAsync(int diskMb)
    {
        var agent = await Api.DeployAgentAsync(Http, AgentFolders.Create($$"""{ "limits": { "diskMb": {{diskMb}} } }"""));
        return await Api.CreateSessionAsync(Http, agent);
    }

    [Fact]
    public async Task OneFileLargerThanTheQuota_CannotBeWritten()
    {
        var session = await SessionWithQuotaAsync(64);

        var frames = await Api.SendAsync(Http, session, "[[bash:dd if=/dev/zero of=big bs=1M count=200 2>&1; echo exit=$?; stat -c %s big]]");

        var output = Assert.Single(frames, f => f.Event == "tool_result").Json.GetProperty("content").GetString()!;
        Assert.DoesNotContain("exit=0", output);
        var size = long.Parse(output.Trim().Split('\n')[^1]);
        Assert.True(size <= 64L * 1024 * 1024, $"a {size}-byte file was written under a 64 MiB quota");
        Assert.True(new FileInfo(Path.Combine(platform.Server.WorkspaceOf(session), "big")).Length <= 64L * 1024 * 1024);
    }

    [Fact]
    public async Task ManySmallFilesPastTheQuota_StopTheSandbox_AndTheSessionSaysWhy()
    {
        var session = await SessionWithQuotaAsync(32);
        var bystander = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        // Never ends on its own: only the quota stops it.
        var frames = await Api.SendAsync(
            Http, session, "[[bash:i=0; while true; do head -c 1048576 /dev/zero > fill-$i; i=$((i+1)); sleep 0.02; done]]", timeout: TimeSpan.FromSeconds(90));

        var hit = Assert.Single(frames, f => f.Event == "resource_limit");
        Assert.Equal("disk", hit.Json.GetProperty("resource").GetString());
        Assert.Equal("error", frames[^2].Event);
        Assert.Contains("disk quota (32 MiB)", frames[^2].Json.GetProperty("error").GetString());
        await Api.WaitForStatusAsync(Http, session, "error", TimeSpan.FromSeconds(10));
        var statuses = await Api.EventsOfTypeAsync(Http, session, "status");
        Assert.Contains(statuses, s => s["reason"]?.GetValue<string>() == "disk_quota");

        // The rest of the platform is unaffected.
        var other = await Api.SendAsync(Http, bystander, "Hello");
        Assert.Equal("done", other[^1].Event);
        Assert.DoesNotContain(other, f => f.Event == "error");
    }
}

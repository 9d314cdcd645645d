using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sandboxes;

/// <summary><c>POST /api/sessions/:id/exec</c>: commands run in the session's own sandbox, beside its agent.</summary>
public sealed class ExecTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<Guid> NewSessionAsync()
    {
        var agent = await Api.DeployAgentAsync(Http);
        return await Api.CreateSessionAsync(Http, agent);
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> ExecAsync(Guid session, object body)
    {
        using var response = await Http.PostAsJsonAsync($"/api/sessions/{session}/exec", body);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private async Task<JsonObject> RunAsync(Guid session, string command, int? timeout = null)
    {
        var (status, body) = await ExecAsync(session, timeout is null ? new { command } : new { command, timeout });
        Assert.True(status == HttpStatusCode.OK, $"exec answered {(int)status}: {body.ToJsonString()}");
        return body;
    }

    [Fact]
    public async Task Exec_ReturnsExitCodeAndBothStreams()
    {
        var session = await NewSessionAsync();

        var result = await RunAsync(session, "echo out; echo err >&2; exit 3");

        Assert.Equal(3, result["exitCode"]!.GetValue<int>());
        Assert.Equal("out\n", result["stdout"]!.GetValue<string>());
        Assert.Equal("err\n", result["stderr"]!.GetValue<string>());
        Assert.False(result["timedOut"]!.GetValue<bool>());
        Assert.False(result["truncated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Exec_SharesTheAgentsFilesAndUid_ButNotItsModelToken()
    {
        var session = await NewSessionAsync();
        var frames = await Api.SendAsync(Http, session, "[[bash:echo from-agent > shared.txt; id -u]]");
        var agentUid = Assert.Single(frames, f => f.Event == "tool_result").Json.GetProperty("content").GetString()!.Trim();

        var result = await RunAsync(session, "cat shared.txt; id -u; pwd; echo from-exec > back.txt; env");

        var lines = result["stdout"]!.GetValue<string>().Split('\n');
        Assert.Equal("from-agent", lines[0]);
        Assert.Equal(agentUid, lines[1]);
        Assert.Equal("/workspace", lines[2]);
        var output = result["stdout"]!.GetValue<string>();
        Assert.DoesNotContain("ANTHROPIC_API_KEY", output);
        Assert.DoesNotContain(PlatformFixture.RealModelKey, output);
        Assert.DoesNotContain(PlatformFixture.HostSecret, output);

        var seen = await Api.SendAsync(Http, session, "[[bash:cat back.txt]]");
        Assert.Equal("from-exec", Assert.Single(seen, f => f.Event == "tool_result").Json.GetProperty("content").GetString()!.Trim());
    }

    [Fact]
    public async Task Exec_RunsInTheSessionsCgroup()
    {
        var session = await NewSessionAsync();
        var pid = await SandboxProcess.WaitForPidAsync(platform.Server.DataDirectory, session, TimeSpan.FromSeconds(10));
        // The launcher joins its cgroup a moment after its pid is recorded.
        var leaf = "";
        await Eventually.TrueAsync(() => (leaf = SandboxCgroups.Of(pid).Leaf("pids")).Contains($"s-{session:N}", StringComparison.Ordinal), () => $"the launcher {pid} to join its session's cgroup (it is in {leaf})");

        var marker = $"sleep 20.{Random.Shared.Next(100_000, 999_999)}";

        var running = RunAsync(session, marker, timeout: 25_000);
        await Eventually.TrueAsync(
            () => File.ReadAllLines(Path.Combine(leaf, "cgroup.procs")).Select(int.Parse).Any(p => ReadCommandLine(p).StartsWith(marker, StringComparison.Ordinal)),
            () => $"a '{marker}' process in {leaf}; the exec: {(running.IsCompleted ? running.Result.ToJsonString() : "still running")}; in the leaf: {string.Join(", ", File.ReadAllLines(Path.Combine(leaf, "cgroup.procs")).Select(p => ReadCommandLine(int.Parse(p))))}");

        await Api.ChangeAsync(Http, session, "stop");
        var result = await running;
        Assert.NotEqual(0, result["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Exec_PastItsTimeout_IsKilledAndSaysSo()
    {
        var session = await NewSessionAsync();

        var result = await RunAsync(session, "echo started; sleep 60; echo never", timeout: 1000);

        Assert.True(result["timedOut"]!.GetValue<bool>());
        Assert.Equal(124, result["exitCode"]!.GetValue<int>());
        Assert.Equal("started\n", result["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exec_OutputBeyondTheCap_IsCut()
    {
        var session = await NewSessionAsync();

        var result = await RunAsync(session, "head -c 5000000 /dev/zero | tr '\\0' a; echo done >&2");

        Assert.True(result["truncated"]!.GetValue<bool>());
        Assert.Equal(1024 * 1024, result["stdout"]!.GetValue<string>().Length);
        Assert.Equal("done\n", result["stderr"]!.GetValue<string>());
        Assert.Equal(0, result["exitCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Exec_AfterAColdResume_StartsTheSandbox()
    {
        var session = await NewSessionAsync();
        await Api.ChangeAsync(Http, session, "stop");
        await Api.ChangeAsync(Http, session, "resume");

        var result = await RunAsync(session, "ls CLAUDE.md");

        Assert.Equal("CLAUDE.md\n", result["stdout"]!.GetValue<string>());
    }

    [Fact]
    public async Task Exec_BadRequests_AreRefusedClearly()
    {
        var session = await NewSessionAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await ExecAsync(session, new { })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ExecAsync(session, new { command = "   " })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ExecAsync(session, new { command = "true", timeout = 0 })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ExecAsync(session, new { command = "true", timeout = 300_001 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ExecAsync(Guid.NewGuid(), new { command = "true" })).Status);

        await Api.ChangeAsync(Http, session, "stop");
        var (status, body) = await ExecAsync(session, new { command = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_state", body["code"]!.GetValue<string>());
    }

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}

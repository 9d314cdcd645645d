using System.Globalization;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>What the agent can see from inside, asked through its own Bash tool.</summary>
public sealed class SandboxIsolationTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<string> RunInSandboxAsync(string command)
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        var frames = await Api.SendAsync(Http, session, $"[[bash:{command}]]");
        var result = Assert.Single(frames, f => f.Event == "tool_result");
        return result.Json.GetProperty("content").GetString()!;
    }

    [Fact]
    public async Task Sandbox_RunsAsUnprivilegedUid()
    {
        var output = await RunInSandboxAsync("id -u; grep NoNewPrivs /proc/self/status; grep CapEff /proc/self/status");

        var uid = int.Parse(output.Split('\n')[0].Trim(), CultureInfo.InvariantCulture);
        Assert.True(uid >= 200_000, $"agent ran as uid {uid}");
        Assert.Contains("NoNewPrivs:\t1", output);
        Assert.Contains("CapEff:\t0000000000000000", output);
    }

    [Fact]
    public async Task Sandbox_CannotSeeDataDirectoryOrOtherSessions()
    {
        var output = await RunInSandboxAsync($"ls {platform.Server.DataDirectory} 2>&1; ls / ; ls /run/ash");

        Assert.Contains("No such file or directory", output);
        Assert.DoesNotContain("ash.db", output);
        Assert.DoesNotContain("sandboxes", output);
    }

    [Fact]
    public async Task Sandbox_EnvironmentHoldsNoHostSecretAndNoRealKey()
    {
        var output = await RunInSandboxAsync("env; echo PID1; tr '\\0' '\\n' < /proc/1/environ; tr '\\0' ' ' < /proc/1/cmdline");

        Assert.Contains("ANTHROPIC_BASE_URL=http://127.0.0.1:", output);
        Assert.Contains("ANTHROPIC_API_KEY=sbx_", output);
        Assert.DoesNotContain(PlatformFixture.RealModelKey, output);
        Assert.DoesNotContain(PlatformFixture.HostSecret, output);
        Assert.DoesNotContain("ASH_TEST_HOST_SECRET", output);

        // The model saw the real key: the proxy swapped the sandbox token for it.
        Assert.All(platform.Model.Requests, request => Assert.Equal(PlatformFixture.RealModelKey, request.ApiKeyHeader));
    }

    [Fact]
    public async Task Sandbox_HasOnlyLoopbackNetworkAndNoHostPorts()
    {
        var port = platform.Server.BaseUrl.Port;
        var output = await RunInSandboxAsync(
            $"ls /sys/class/net 2>&1; cat /proc/net/dev | tail -n +3 | cut -d: -f1; (timeout 3 bash -c 'echo > /dev/tcp/127.0.0.1/{port}') 2>/dev/null && echo HOST-PORT-OPEN || echo HOST-PORT-CLOSED");

        Assert.Contains("HOST-PORT-CLOSED", output);
        Assert.DoesNotContain("HOST-PORT-OPEN", output);
        Assert.DoesNotContain("eth0", output);
    }

    [Fact]
    public async Task Sandbox_InheritsNoExtraFileDescriptors()
    {
        // ls opens the directory it lists as fd 3; anything above that was inherited.
        var output = await RunInSandboxAsync("ls /proc/self/fd | tr '\\n' ' '");

        Assert.Equal("0 1 2 3", output.Trim());
    }
}

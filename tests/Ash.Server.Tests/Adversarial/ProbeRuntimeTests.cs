using System.Globalization;

namespace Ash.Server.Tests.Adversarial;

/// <summary>The probe itself, through the real server and sandbox: scripts, limits and the in-process directives other suites rely on.</summary>
public sealed class ProbeRuntimeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    [Fact]
    public async Task Script_AnswersWithInterleavedOutputAndExitCode()
    {
        await using var session = await probe.StartSessionAsync();

        var result = await session.RunAsync("pwd; echo to-stderr >&2; exit 3");

        Assert.Equal("/workspace\nto-stderr\n", result.Output);
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task Script_OverItsTimeout_IsKilledWith124()
    {
        await using var session = await probe.StartSessionAsync();

        var result = await session.RunAsync("#timeout=1\necho before; sleep 30; echo after");

        Assert.Equal("before\n[timeout after 1 s]\n", result.Output);
        Assert.Equal(124, result.ExitCode);
    }

    [Fact]
    public async Task Script_OutputOverTheCap_IsTruncated()
    {
        await using var session = await probe.StartSessionAsync();

        var result = await session.RunAsync("head -c 3000000 /dev/zero | tr '\\0' a");

        Assert.EndsWith("a\n[truncated]\n", result.Output);
        Assert.Equal(new string('a', 1024 * 1024), result.Output[..result.Output.IndexOf('\n', StringComparison.Ordinal)]);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task AllocDirective_HoldsMemoryInTheProbeItself()
    {
        await using var session = await probe.StartSessionAsync();
        var before = await session.RunAsync("grep VmRSS /proc/$PPID/status | tr -s ' \\t' ' ' | cut -d' ' -f2");

        var allocated = await session.RunAsync("[[probe:alloc-mb 64]]");
        var after = await session.RunAsync("grep VmRSS /proc/$PPID/status | tr -s ' \\t' ' ' | cut -d' ' -f2");

        Assert.StartsWith("allocated 64 MiB", allocated.Output);
        Assert.True(long.Parse(after.Output.Trim(), CultureInfo.InvariantCulture) - long.Parse(before.Output.Trim(), CultureInfo.InvariantCulture) >= 60 * 1024, $"RSS went from {before.Output.Trim()} kB to {after.Output.Trim()} kB");
    }

    [Fact]
    public async Task LinesDirective_WritesThatManyAssistantMessages()
    {
        await using var session = await probe.StartSessionAsync();

        var frames = await session.SendAsync("[[probe:lines 500 100]]");

        Assert.Equal(501, frames.Count(f => f.Event == "message" && f.Json.GetProperty("type").GetString() == "assistant"));
        Assert.EndsWith("wrote 500 lines of 100 bytes\n", ProbeResult.From(frames).Output);
        Assert.Equal("done", frames[^1].Event);
    }

    [Fact]
    public async Task GiantLineDirective_OverTheLineLimit_EndsTheTurnWithAnError()
    {
        await using var session = await probe.StartSessionAsync();

        var frames = await session.SendAsync("[[probe:giant-line 9000000]]");

        Assert.Equal("error", frames[^2].Event);
        Assert.Contains("longer than the platform's limit", frames[^2].Json.GetProperty("error").GetString());
        Assert.Equal("restarted", (await session.RunAsync("echo restarted")).Output.Trim());
    }

    [Fact]
    public async Task ExitDirective_EndsTheAgentWithThatCode()
    {
        await using var session = await probe.StartSessionAsync();

        var frames = await session.SendAsync("[[probe:exit 3]]");

        Assert.Equal("error", frames[^2].Event);
        Assert.Contains("exit code 3", frames[^2].Json.GetProperty("error").GetString());
    }
}

using Ash.Server.Tests.Infrastructure;

namespace Ash.Server.Tests.Adversarial;

/// <summary>The probe fixture with small limits, so exhaustion attacks reach them quickly.</summary>
public sealed class LimitedProbeFixture : ProbeFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Ash:Sandbox:Limits:MemoryMb"] = "256",
        ["Ash:Sandbox:Limits:MaxProcesses"] = "96",
        ["Ash:Sandbox:Limits:Cpus"] = "0.25",
    };
}

/// <summary>Runs alone: the output-flood test measures the managed heap, which other tests running beside it would grow.</summary>
[CollectionDefinition(nameof(ExhaustionTests), DisableParallelization = true)]
public sealed class ExhaustionCollection;

/// <summary>
/// Resource exhaustion from inside a sandbox. Each attack must hit the sandbox's own limit (seen in the
/// kernel's counters and reported as a <c>resource_limit</c> event) while the server and another
/// session keep working.
/// </summary>
[Collection(nameof(ExhaustionTests))]
public sealed class ExhaustionTests(LimitedProbeFixture probe) : IClassFixture<LimitedProbeFixture>
{
    private async Task<(ProbeSession Attacker, ProbeSession Bystander)> SessionsAsync() =>
        (await probe.StartSessionAsync(), await probe.StartSessionAsync());

    private static IEnumerable<string> LimitResources(IEnumerable<SseFrame> frames) =>
        frames.Where(f => f.Event == "resource_limit").Select(f => f.Json.GetProperty("resource").GetString()!);

    [Fact]
    public async Task ForkBomb_StopsAtTheProcessLimit()
    {
        var (attacker, bystander) = await SessionsAsync();

        var frames = await attacker.SendAsync("#timeout=20\nbomb() { bomb | bomb & }; bomb 2>/dev/null; sleep 5; echo bombed");

        Assert.Contains("processes", LimitResources(frames));
        var pid = SandboxProcess.PidOf(probe.Server.DataDirectory, attacker.Id)!.Value;
        Assert.True(SandboxCgroups.Of(pid).Read("pids.current", "pids") <= 96);
        await probe.AssertStillServingAsync(bystander);
    }

    [Fact]
    public async Task MemoryBomb_IsKilledInsideTheSandbox()
    {
        var (attacker, bystander) = await SessionsAsync();

        var frames = await attacker.SendAsync("python3 -c 'b = bytearray(1 << 30); print(len(b))'; echo exit=$?");

        Assert.Contains("memory", LimitResources(frames));
        Assert.Contains("exit=137", ProbeResult.From(frames).Output);
        await probe.AssertStillServingAsync(bystander);
        Assert.Equal("after", (await attacker.RunAsync("echo after")).Output.Trim());
    }

    [Fact]
    public async Task CpuSpin_IsThrottledToTheSandboxShare()
    {
        var (attacker, bystander) = await SessionsAsync();
        var pid = SandboxProcess.PidOf(probe.Server.DataDirectory, attacker.Id)!.Value;
        var cpu = SandboxCgroups.Of(pid);

        await attacker.RunAsync("#timeout=30\ntimeout 4 sh -c 'while :; do :; done'; echo spun");

        var throttled = File.ReadAllLines(Path.Combine(cpu.Leaf("cpu"), "cpu.stat"))
            .Select(line => line.Split(' ')).First(parts => parts[0] == "nr_throttled")[1];
        Assert.True(long.Parse(throttled) > 0, "the kernel never throttled a spinning sandbox limited to a quarter CPU");
        await probe.AssertStillServingAsync(bystander);
    }

    [Fact]
    public async Task OutputFlood_IsStreamedWithoutTheServerGrowingWithIt()
    {
        var (attacker, bystander) = await SessionsAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var frames = await attacker.SendAsync("[[probe:lines 20000 1000]]", TimeSpan.FromMinutes(3));

        Assert.Equal("done", frames[^1].Event);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.True(after - before < 200L * 1024 * 1024, $"managed heap grew by {(after - before) >> 20} MiB over a 20 MB flood");
        await probe.AssertStillServingAsync(bystander);
    }

    /// <summary>
    /// 40 MiB of output in one turn (the flood): cut at the turn's output limit (32 MiB by default)
    /// with a <c>truncated</c> event; the database grows by what was kept, not by a multiple of it; the
    /// server's memory stays bounded; another session keeps working meanwhile.
    /// </summary>
    [Fact]
    public async Task OutputFlood_PastTheTurnLimit_IsCut_AndTheDatabaseGrowsOnlyByWhatWasKept()
    {
        var (attacker, bystander) = await SessionsAsync();
        var databaseBefore = await DatabaseSize.OfAsync(probe.Server);
        var load = ProcessLoad.Start();

        var flood = attacker.SendAsync("[[probe:lines 40960 1024]]", TimeSpan.FromMinutes(4));
        await probe.AssertStillServingAsync(bystander);
        var frames = await flood;

        var report = await load.StopAsync("40 MiB output flood");
        var databaseGrowth = await DatabaseSize.OfAsync(probe.Server) - databaseBefore;
        Figures.Report($"[40 MiB output flood] database grew by {databaseGrowth >> 20} MiB; {frames.Count} events streamed");
        var truncated = Assert.Single(frames, f => f.Event == "truncated");
        Assert.Equal("output_bytes", truncated.Json.GetProperty("reason").GetString());
        Assert.Equal("output_limit", frames[^2].Json.GetProperty("code").GetString());
        Assert.Equal("done", frames[^1].Event);

        // Kept: 32 MiB of lines, stored once in the event log and once as history rows (assistant messages).
        Assert.True(databaseGrowth < 100L << 20, $"the database grew by {databaseGrowth >> 20} MiB for 32 MiB of kept output; {report}");
        Assert.True(load.PeakRss - load.RssBefore < 400L << 20, report);
        await probe.AssertStillServingAsync(bystander);
    }

    [Fact]
    public async Task GiantLine_EndsTheTurnWithAnError()
    {
        var (attacker, bystander) = await SessionsAsync();

        var frames = await attacker.SendAsync("[[probe:giant-line 20000000]]");

        Assert.Equal("error", frames[^2].Event);
        Assert.Contains("longer than the platform's limit", frames[^2].Json.GetProperty("error").GetString());
        Assert.Equal("done", frames[^1].Event);
        await probe.AssertStillServingAsync(bystander);
    }
}

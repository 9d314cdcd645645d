using System.Diagnostics;
using System.Globalization;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>The probe fixture with small limits, so exhaustion attacks reach them quickly.</summary>
public sealed class LimitedProbeFixture : ProbeFixture
{
    public const long DiskMb = 64;
    public const long MaxFiles = 5_000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Ash:Sandbox:Limits:MemoryMb"] = "256",
        ["Ash:Sandbox:Limits:MaxProcesses"] = "96",
        ["Ash:Sandbox:Limits:Cpus"] = "0.25",
        ["Ash:Sandbox:Limits:DiskMb"] = DiskMb.ToString(CultureInfo.InvariantCulture),
        ["Ash:Sandbox:Limits:MaxFiles"] = MaxFiles.ToString(CultureInfo.InvariantCulture),
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

    /// <summary>
    /// The attack of issue 12: 300,000 empty files. The volume has inodes for 5,000, so creating the rest
    /// fails with ENOSPC, and nothing on the host counts them afterwards: the server's CPU is measured while
    /// the files sit in a live sandbox, where the old once-a-second walk took 99% of a core.
    /// </summary>
    [Fact]
    public async Task FileFlood_StopsAtMaxFiles_WithAnInodesEvent_AndTheServerDoesNotCountThem()
    {
        var (attacker, bystander) = await SessionsAsync();
        const string Flood = """
            #timeout=120
            python3 - <<'PY'
            import errno, os
            os.makedirs('/workspace/flood', exist_ok=True)
            created = 0
            try:
                for created in range(300000):
                    open('/workspace/flood/f%d' % created, 'w').close()
                created = 300000
            except OSError as e:
                print('refused:', errno.errorcode[e.errno])
            print('created:', created)
            PY
            """;

        var (frames, figures) = await AttackMeasuredAsync(attacker, bystander, Flood);

        var output = ProbeResult.From(frames).Output;
        Assert.Contains("refused: ENOSPC", output);
        var created = long.Parse(output.Split("created:")[1].Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(created, LimitedProbeFixture.MaxFiles - 64, LimitedProbeFixture.MaxFiles + 64);
        Assert.Contains("inodes", LimitResources(frames));
        var volume = HostMounts.Usage(probe.Server.WorkspaceOf(attacker.Id));
        Assert.True(volume.UsedFiles <= LimitedProbeFixture.MaxFiles + 64, $"the volume holds {volume.UsedFiles} inodes");
        TestContext.Current.TestOutputHelper?.WriteLine($"file flood: {created} files created, then ENOSPC; {figures}; volume inodes in use {volume.UsedFiles} of {volume.Files}");

        var after = await attacker.RunAsync("rm -rf /workspace/flood && touch /workspace/after-flood && echo recovered");
        Assert.Equal("recovered", after.Output.Trim());
    }

    /// <summary>
    /// The other attack of issue 12: 8 writers of 60 MiB each at once against a 64 MiB quota. The kernel
    /// refuses every block past the quota, so what the volume holds never exceeds it, sampled from the host
    /// throughout.
    /// </summary>
    [Fact]
    public async Task ParallelWriters_NeverExceedTheDiskQuota_AndTheSessionWritesAgainAfterDeleting()
    {
        var (attacker, bystander) = await SessionsAsync();
        var quota = LimitedProbeFixture.DiskMb * 1024 * 1024;
        var workspace = probe.Server.WorkspaceOf(attacker.Id);
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakUsageAsync(workspace, sampling.Token);

        var (frames, figures) = await AttackMeasuredAsync(attacker, bystander, """
            #timeout=120
            for i in 1 2 3 4 5 6 7 8; do (dd if=/dev/zero of=/workspace/w$i bs=1M count=60 2>/tmp/e$i; echo "w$i=$?") & done; wait
            echo refused=$(cat /tmp/e* | grep -c 'No space left on device')
            """);
        await sampling.CancelAsync();
        var peakUsed = await peak;

        var output = ProbeResult.From(frames).Output;
        Assert.Contains("refused=", output);
        Assert.DoesNotContain("refused=0", output);
        Assert.Contains("disk", LimitResources(frames));
        var written = Enumerable.Range(1, 8).Sum(i => new FileInfo(Path.Combine(workspace, $"w{i}")) is { Exists: true } file ? file.Length : 0);
        Assert.True(written <= quota, $"{written} bytes were written under a {quota}-byte quota");
        Assert.True(peakUsed <= quota + (1024 * 1024), $"the volume held {peakUsed} bytes at its peak under a {quota}-byte quota");
        TestContext.Current.TestOutputHelper?.WriteLine($"parallel writers: {written >> 20} MiB written of 480 MiB attempted (quota {quota >> 20} MiB, volume peak {peakUsed >> 20} MiB seen from the host); {figures}");

        var after = await attacker.RunAsync("rm /workspace/w*; head -c 1048576 /dev/zero > /workspace/after && echo recovered");
        Assert.Equal("recovered", after.Output.Trim());
    }

    /// <summary>
    /// Measures the idle server for 3 s (after a few turns, so it is warmed up), runs the attack while the
    /// bystander keeps taking turns (at least one completes during it), then measures the idle server for
    /// 3 s again with the attacker's files in place and its sandbox running. Returns the attack's frames and
    /// the host figures: the server is this test process (<see cref="ProcessUsage"/>).
    /// </summary>
    private async Task<(List<SseFrame> Frames, string Figures)> AttackMeasuredAsync(ProbeSession attacker, ProbeSession bystander, string script)
    {
        for (var warmUp = 0; warmUp < 10; warmUp++)
        {
            await probe.AssertStillServingAsync(bystander);
        }

        var idleBefore = await IdleShareAsync();
        var before = ProcessUsage.Of();
        var clock = Stopwatch.StartNew();
        var attack = attacker.SendAsync(script, TimeSpan.FromMinutes(3));
        var bystanderTurns = 0;
        do
        {
            await probe.AssertStillServingAsync(bystander);
            bystanderTurns++;
        }
        while (!attack.IsCompleted);

        var frames = await attack;
        var attackTime = clock.Elapsed;
        var during = ProcessUsage.Of();

        var idleAfter = await IdleShareAsync();
        var after = ProcessUsage.Of();
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"server (this process, without the JIT's background compiler) idle before: {idleBefore.Server:P1} of a core (JIT {idleBefore.Jit:P0}); " +
            $"during the {attackTime.TotalSeconds:0.0} s attack: {(during.ServerCpu - before.ServerCpu).TotalSeconds:0.00} s CPU ({ProcessUsage.CoreShare(before, during, attackTime):P0} of a core, {bystanderTurns} bystander turn(s) served meanwhile); " +
            $"idle after, the files in place and the attacker's sandbox running: {idleAfter.Server:P1} of a core (JIT {idleAfter.Jit:P0}); RSS {before.RssBytes >> 20} -> {during.RssBytes >> 20} -> {after.RssBytes >> 20} MiB");
        return (frames, figures);
    }

    /// <summary>The share of a core the server uses over 3 s in which the test asks nothing of it, and the JIT's (left out of the first).</summary>
    private static async Task<(double Server, double Jit)> IdleShareAsync()
    {
        var start = ProcessUsage.Of();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var end = ProcessUsage.Of();
        return (ProcessUsage.CoreShare(start, end, clock.Elapsed), (end.JitCpu - start.JitCpu).TotalSeconds / clock.Elapsed.TotalSeconds);
    }

    private static async Task<long> SamplePeakUsageAsync(string path, CancellationToken cancellationToken)
    {
        long peak = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, HostMounts.Usage(path).UsedBytes);
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return Math.Max(peak, HostMounts.Usage(path).UsedBytes);
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

        // Kept: 32 MiB of lines, stored once in the event log and once as history rows: the agent's whole assistant
        // lines, as Ash's clients read them (issue 13), so each row also carries the line's envelope (~86 MiB before, ~102 after).
        Assert.True(databaseGrowth < 120L << 20, $"the database grew by {databaseGrowth >> 20} MiB for 32 MiB of kept output; {report}");
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

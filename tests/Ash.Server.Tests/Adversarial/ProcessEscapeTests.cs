using System.Globalization;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>What an agent can see of processes outside its sandbox, and whether its own outlive it.</summary>
public sealed class ProcessEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Proc_ListsOnlyTheSandboxsOwnFewProcesses()
    {
        var serverPid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        var result = await probe.AttackAsync($"ls -d /proc/[0-9]* | wc -l; ls /proc/{serverPid} >/dev/null 2>&1; echo \"server:$?\"; cat /proc/{serverPid}/environ; echo \"environ:$?\"");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var count = int.Parse(lines[0].Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(count, 2, 9);
        Assert.Contains("server:2", result.Output);
        Assert.Contains("environ:1", result.Output);
        Assert.DoesNotContain(PlatformFixture.HostSecret, result.Output);
    }

    [Fact]
    public async Task Proc_OtherSessionsProcesses_AreInvisibleAndUnreachable()
    {
        var marker = HostProcesses.NewMarker();
        await using var victim = await probe.StartSessionAsync();
        await victim.RunAsync($"bash -c 'exec -a {marker} sleep 300' </dev/null >/dev/null 2>&1 &");
        var markerPid = (await HostProcesses.WaitForAsync(marker, Patience))[0];
        var victimAgentPid = probe.Server.AgentPidOf(victim.Id)!.Value;

        await using var attacker = await probe.StartSessionAsync();
        var result = await attacker.RunAsync(
            $"grep -ls '{HostProcesses.Pattern(marker)}' /proc/[0-9]*/cmdline; echo \"grep:$?\"\n" +
            $"ls /proc/{markerPid}/ >/dev/null 2>&1; echo \"marker:$?\"\n" +
            $"ls /proc/{victimAgentPid}/root/ >/dev/null 2>&1; echo \"agent-root:$?\"\n" +
            $"cat /proc/{victimAgentPid}/environ; echo \"agent-environ:$?\"");

        Assert.Contains("grep:1", result.Output);
        Assert.Contains("marker:2", result.Output);
        Assert.Contains("agent-root:2", result.Output);
        Assert.Contains("agent-environ:1", result.Output);
        Assert.DoesNotContain("sbx_", result.Output);
        Assert.Contains(markerPid, HostProcesses.WithCommandLine(marker));
        await probe.AssertStillServingAsync(victim);
    }

    /// <summary>
    /// Pid 1 is bwrap's init, running as the sandbox's own uid: the kernel alone would let the agent read
    /// and write its memory through /proc. Both paths to it must refuse, for reading and for writing.
    /// </summary>
    [Fact]
    public async Task InitMemory_CannotBeReadOrWritten()
    {
        const string Probe = """
            import os
            start = int(open("/proc/1/maps").readline().split("-")[0], 16)
            for path in ("/proc/1/mem", "/proc/1/task/1/mem"):
                for mode in ("rb", "r+b"):
                    try:
                        with open(path, mode, buffering=0) as memory:
                            memory.seek(start)
                            print(path, mode, "read", len(memory.read(16)))
                    except OSError as error:
                        print(path, mode, "refused", error.errno)
            """;

        var result = await probe.AttackAsync($"python3 - <<'EOF'\n{Probe}\nEOF");

        Assert.DoesNotContain(" read ", result.Output);
        Assert.Equal(4, result.Output.Split('\n').Count(line => line.EndsWith("refused 13", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task BackgroundProcesses_DoNotOutliveTheirSession()
    {
        var marker = HostProcesses.NewMarker();
        var attacker = await probe.StartSessionAsync();

        // A daemon in a new session that ignores the polite signals, and a double-forked orphan.
        await attacker.RunAsync(
            $"setsid bash -c 'trap \"\" TERM HUP INT; exec -a {marker}-daemon sleep 300' </dev/null >/dev/null 2>&1 &\n" +
            $"(bash -c 'exec -a {marker}-orphan sleep 300' </dev/null >/dev/null 2>&1 &)\n" +
            "echo spawned");
        await HostProcesses.WaitForAsync(marker + "-daemon", Patience);
        await HostProcesses.WaitForAsync(marker + "-orphan", Patience);

        await attacker.DisposeAsync();

        await HostProcesses.WaitUntilGoneAsync(marker, Patience);
    }

    /// <summary>
    /// Stop kills the sandbox through its own pid namespace (issue 14), not by walking the host's processes:
    /// a child that left the agent's process group and a grandchild in a session of its own are gone by the time
    /// the stop is answered, and so is everything else that ran in the sandbox.
    /// </summary>
    [Fact]
    public async Task Stop_LeavesNoProcessOfTheSandbox_DetachedOnesIncluded()
    {
        var marker = HostProcesses.NewMarker();
        await using var session = await probe.StartSessionAsync();
        await session.RunAsync(
            $"(bash -c 'exec -a {marker}-child sleep 300' </dev/null >/dev/null 2>&1 &)\n" +
            $"bash -c 'setsid bash -c \"trap \\\"\\\" TERM HUP INT; exec -a {marker}-grandchild sleep 300\" </dev/null >/dev/null 2>&1 &'\n" +
            "echo spawned");
        var detached = (await HostProcesses.WaitForAsync(marker + "-child", Patience))
            .Concat(await HostProcesses.WaitForAsync(marker + "-grandchild", Patience))
            .ToList();
        var outermost = probe.Server.AgentPidOf(session.Id)!.Value;
        var sandbox = SandboxCgroups.TreeOf(outermost).Concat(detached).ToList();

        await Api.ChangeAsync(probe.Server.Http, session.Id, "stop");

        // Killed with the sandbox's pid namespace: the kernel reaps each a moment after; untouched they sleep 300 s.
        await Eventually.TrueAsync(
            () => HostProcesses.WithCommandLine(marker).Count == 0 && !sandbox.Any(SandboxProcess.IsAlive),
            () => $"no process of the sandbox to be left (left: {string.Join(",", HostProcesses.WithCommandLine(marker).Concat(sandbox.Where(SandboxProcess.IsAlive)).Distinct())})",
            Patience);

        Assert.Empty(HostProcesses.WithCommandLine(marker));
        Assert.DoesNotContain(sandbox, SandboxProcess.IsAlive);
    }
}

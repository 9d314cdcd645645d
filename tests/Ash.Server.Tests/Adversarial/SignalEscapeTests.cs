using System.Globalization;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>Signals aimed at other sessions' agents and at the server, from inside a sandbox.</summary>
public sealed class SignalEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    [Fact]
    public async Task Kill_OtherSessionsAgentByHostPid_FailsAndItKeepsServing()
    {
        await using var victim = await probe.StartSessionAsync();
        var victimPid = probe.Server.AgentPidOf(victim.Id)!.Value;
        await using var attacker = await probe.StartSessionAsync();

        var result = await attacker.RunAsync($"kill -9 {victimPid.ToString(CultureInfo.InvariantCulture)}; echo \"kill:$?\"; kill -STOP {victimPid.ToString(CultureInfo.InvariantCulture)}; echo \"stop:$?\"");

        Assert.Contains("kill:1", result.Output);
        Assert.Contains("stop:1", result.Output);
        Assert.Contains("No such process", result.Output);
        Assert.True(SandboxProcess.IsAlive(victimPid), "the victim's agent died");
        Assert.Equal(victimPid, probe.Server.AgentPidOf(victim.Id));
        await probe.AssertStillServingAsync(victim);
    }

    [Fact]
    public async Task Kill_ServerByPid_Fails()
    {
        var serverPid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        var result = await probe.AttackAsync($"kill -TERM {serverPid}; echo \"term:$?\"; kill -9 {serverPid}; echo \"kill:$?\"");

        Assert.Contains("term:1", result.Output);
        Assert.Contains("kill:1", result.Output);
    }

    [Fact]
    public async Task Kill_EveryProcessItCanSignal_HurtsOnlyItsOwnSandbox()
    {
        await using var victim = await probe.StartSessionAsync();
        var victimPid = probe.Server.AgentPidOf(victim.Id)!.Value;
        await using var attacker = await probe.StartSessionAsync();

        // kill(-1) reaches every process the caller may signal: its own agent dies with it, nothing else.
        var frames = await attacker.SendAsync("kill -9 -1; sleep 5; echo survived");

        Assert.Equal("done", frames[^1].Event);
        Assert.True(SandboxProcess.IsAlive(victimPid), "the victim's agent died");
        Assert.Equal(victimPid, probe.Server.AgentPidOf(victim.Id));
        await probe.AssertStillServingAsync(victim);

        // The attacker's own session recovers: its next message starts a new agent.
        var again = await attacker.RunAsync("echo back");
        Assert.Equal("back", again.Output.Trim());
    }
}

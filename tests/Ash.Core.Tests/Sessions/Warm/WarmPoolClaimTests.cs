using Ash.Core.Agents;
using Ash.Core.Sessions;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Warm;

/// <summary>
/// Creates on the warm pool (<c>LocalSessionGateway</c> claiming from
/// <c>WarmPool</c>): a create with the agent's default options adopts a warm sandbox, starting
/// no process of its own, and the pool starts its replacement; any other create, or a warm sandbox that died, starts afresh.
/// </summary>
public sealed class WarmPoolClaimTests
{
    private static readonly AgentConfig OneWarm = AgentConfig.Default with { WarmPool = 1 };

    [Fact]
    public async Task ACreate_AdoptsTheWarmSandbox_StartsNoProcess_AndThePoolStartsItsReplacement()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var warm = await FillAsync(bed);
        var warmSessionId = bed.Host.Specs[0].SessionId;

        var created = await bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None);

        var session = Assert.IsType<Session>(created.Value);
        Assert.Equal(warmSessionId, session.Id);
        Assert.Equal(SessionStatus.Active, session.Status);
        Assert.Equal(1, bed.Warm.Hits);
        var replacement = await bed.ProcessAsync(1);
        await Eventually.TrueAsync(() => bed.Warm.Count == 1, "the pool to hold the replacement");
        Assert.NotEqual(warmSessionId, bed.Host.Specs[1].SessionId);

        await bed.SendAsync(session.Id, "hello");
        Assert.Equal(["user: hello"], StdinLine.Describe(await SessionCoreBed.StdinAsync(warm, 1)));
        warm.Say(new AgentReplies().Turn("warm hello"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
        Assert.Equal(2, bed.Host.Started.Count);
        Assert.Empty(replacement.Stdin);
    }

    [Fact]
    public async Task ACreateWithOptionsOfItsOwn_StartsItsOwnProcess_AndLeavesTheWarmSandboxInThePool()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var warm = await FillAsync(bed);

        var created = await bed.Service.CreateAsync(
            SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty with { SystemPrompt = "Answer in French." }, CancellationToken.None);

        var session = Assert.IsType<Session>(created.Value);
        var own = await bed.ProcessAsync(1);
        Assert.Equal(session.Id, bed.Host.Specs[1].SessionId);
        Assert.Equal("Answer in French.", bed.Host.Specs[1].Options.SystemPrompt);
        Assert.Equal(0, bed.Warm.Hits);
        Assert.Equal(1, bed.Warm.Count);
        await bed.SendAsync(session.Id, "bonjour");
        Assert.Equal(["user: bonjour"], StdinLine.Describe(await SessionCoreBed.StdinAsync(own, 1)));
        Assert.Empty(warm.Stdin);
    }

    [Fact]
    public async Task AWarmSandboxThatDied_IsNotAdopted_TheCreateStartsAfresh_AndThePoolStartsAReplacement()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var warm = await FillAsync(bed);
        var warmSessionId = bed.Host.Specs[0].SessionId;
        warm.Exit(1, "killed by the host");

        var created = await bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None);

        var session = Assert.IsType<Session>(created.Value);
        Assert.NotEqual(warmSessionId, session.Id);
        Assert.Equal(0, bed.Warm.Hits);
        await Eventually.TrueAsync(() => bed.Host.Specs.Any(spec => spec.SessionId == session.Id), "the session's own process to start");
        await Eventually.TrueAsync(() => bed.Warm.Count == 1, "the pool to start a replacement for the sandbox that died");
        Assert.Equal(3, bed.Host.Started.Count);
    }

    /// <summary>Gives the bed's agent a pool of one, and returns its warm sandbox once it is ready.</summary>
    private static async Task<ScriptedAgentProcess> FillAsync(SessionCoreBed bed)
    {
        var agent = await bed.Agents.GetAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, CancellationToken.None);
        bed.Warm.Fill(Assert.IsType<Agent>(agent), OneWarm);
        var warm = await bed.ProcessAsync(0);
        await Eventually.TrueAsync(() => bed.Warm.Count == 1, "the warm sandbox to be ready");
        return warm;
    }
}

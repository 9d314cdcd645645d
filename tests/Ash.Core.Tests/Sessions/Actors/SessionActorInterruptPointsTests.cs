using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// An interrupt at the points of a turn <see cref="SessionActorInterruptTests"/> leaves out: with another turn waiting,
/// after the turn is done, on the turn after an interrupted one, and with no live actor. It only ever stops the turn
/// running when it is asked, and each interrupted turn has its own grace period.
/// </summary>
public sealed class SessionActorInterruptPointsTests
{
    /// <summary>How long an interrupted agent has to end its turn before it is killed (SessionActor's grace period).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Interrupt_WithATurnWaiting_EndsOnlyTheRunningTurn_AndItsGraceNeverKillsTheWaitingTurnsAgent()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateBusySessionAsync("first", "second");
        var replies = new AgentReplies();

        Assert.True((await bed.Service.InterruptAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None)).Value);
        await SessionCoreBed.StdinAsync(agent, 2);
        agent.Say(replies.Interrupted("interrupt-1"));

        Assert.Equal("The turn was interrupted", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
        var stdin = await SessionCoreBed.StdinAsync(agent, 3);
        Assert.Equal(["user: first", "control: interrupt (interrupt-1)", "user: second"], StdinLine.Describe(stdin));

        // The first turn's grace runs out while the second runs: it must not take the second turn for the first. (Room for
        // a wrong kill to happen before the agent answers; one after it still shows in KilledAt.)
        bed.Time.Advance(Grace * 2);
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        agent.Say(replies.Turn("second done"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 2)));
        Assert.Null(agent.KilledAt);
    }

    [Fact]
    public async Task Interrupt_AfterTheTurnIsDone_IsFalse_AndWritesNothingToTheAgent()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        await bed.SendAsync(session.Id, "quick");
        await SessionCoreBed.StdinAsync(agent, 1);
        agent.Say(new AgentReplies().Turn("done already"));
        await bed.TurnAsync(session.Id, 1);

        var interrupted = await bed.Service.InterruptAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);

        Assert.True(interrupted.IsSuccess);
        Assert.False(interrupted.Value);
        Assert.Equal(["user: quick"], StdinLine.Describe(agent.Stdin));
    }

    [Fact]
    public async Task Interrupt_OfTheNextTurn_WithinTheGraceOfTheLast_HasAGraceOfItsOwn_AndKillsAnAgentThatIgnoresIt()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateBusySessionAsync("first", "second");
        Assert.True((await bed.Service.InterruptAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None)).Value);
        await SessionCoreBed.StdinAsync(agent, 2);
        agent.Say(new AgentReplies().Interrupted("interrupt-1"));
        await bed.TurnAsync(session.Id, 1);
        await SessionCoreBed.StdinAsync(agent, 3);
        bed.Time.Advance(Grace / 2);

        var askedAt = bed.Time.GetUtcNow();
        Assert.True((await bed.Service.InterruptAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None)).Value);
        await bed.Time.AdvanceUntilAsync(agent.Exited, TimeSpan.FromMilliseconds(100));

        Assert.True(agent.KilledAt >= askedAt + Grace, $"killed at {agent.KilledAt}, the second turn's interrupt asked at {askedAt}");
        Assert.Equal(
            ["user: first", "control: interrupt (interrupt-1)", "user: second", "control: interrupt (interrupt-2)"],
            StdinLine.Describe(agent.Stdin));
        Assert.Equal("The turn was interrupted", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 2)));
    }

    [Fact]
    public async Task Interrupt_OfASessionWithNoLiveActor_IsFalse_AndActivatesNone()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, _) = await bed.CreateSessionAsync();
        Assert.True(await bed.Actors.HandOffAsync(session.Id));

        var interrupted = await bed.Service.InterruptAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);

        Assert.True(interrupted.IsSuccess);
        Assert.False(interrupted.Value);
        Assert.Null(bed.Actors.Find(session.Id));
        Assert.Single(bed.Host.Started);
    }
}

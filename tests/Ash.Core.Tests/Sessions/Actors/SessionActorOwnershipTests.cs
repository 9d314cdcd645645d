using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// The owner fence (issue 16) with two servers over one database: the session's actor is activated on a second host
/// while the first still runs a turn (the session moved, or the first host was cut off and does not know). The new
/// owner is usable at once — no grace period, the fake clock never moves — and the old one can no longer write.
/// </summary>
public sealed class SessionActorOwnershipTests
{
    [Fact]
    public async Task ANewOwner_ClosesTheTurnLeftOpen_AtOnce_AndRunsTheNextMessage()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, oldAgent) = await bed.CreateSessionAsync();
        await bed.SendAsync(session.Id, "slow one");
        await SessionCoreBed.StdinAsync(oldAgent, 1);
        var startedAt = bed.Time.GetUtcNow();
        await using var other = bed.AnotherHost();

        var ticket = await other.SendAsync(session, "next");

        Assert.Equal(2, ticket.Turn);
        var left = await bed.TurnAsync(session.Id, 1);
        Assert.Contains(SessionActor.LeftOpenTurnError, Assert.Single(left, e => e.Type == EventTypes.Error).DataText, StringComparison.Ordinal);
        var agent = await other.ProcessAsync(0);
        Assert.Contains("next", (await SessionCoreBed.StdinAsync(agent, 1))[0], StringComparison.Ordinal);
        agent.Say(new AgentReplies().Turn("done here"));
        Assert.DoesNotContain(await bed.TurnAsync(session.Id, 2), e => e.Type == EventTypes.Error);
        Assert.Equal(startedAt, bed.Time.GetUtcNow());
    }

    [Fact]
    public async Task TheFormerOwner_CannotWrite_AndLetsItsProcessGo()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, oldAgent) = await bed.CreateSessionAsync();
        await bed.SendAsync(session.Id, "slow one");
        await SessionCoreBed.StdinAsync(oldAgent, 1);
        await using var other = bed.AnotherHost();
        await other.SendAsync(session, "next");
        await bed.TurnAsync(session.Id, 1);
        var before = (await bed.EventsAsync(session.Id)).Where(e => e.Turn == 1).ToList();

        // The cut-off host's agent answers its turn: every write of its actor is refused.
        oldAgent.Say(new AgentReplies().Turn("too late"));

        await Eventually.TrueAsync(() => oldAgent.KilledAt is not null, "the former owner to kill its agent");
        var after = await bed.EventsAsync(session.Id);
        Assert.Equal(before.Select(e => e.Sequence), after.Where(e => e.Turn == 1).Select(e => e.Sequence));
        Assert.DoesNotContain(after, e => e.DataText?.Contains("too late", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task TheFormerOwner_CannotWrite_EvenWhenTheNewOneHasWrittenNothing()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, _) = await bed.CreateSessionAsync();
        var former = bed.Actors.Find(session.Id)!;
        await using var other = bed.AnotherHost();

        // Activated there with no turn open: nothing is written, so no event number could collide.
        await other.Actors.UseAsync(session, actor => Task.FromResult(actor.SessionId), CancellationToken.None);

        await Assert.ThrowsAsync<OwnershipLostException>(() => former.Events.WriteAsync(0, EventTypes.Status, "{}"u8.ToArray(), CancellationToken.None));
        Assert.True(former.IsSuperseded);
        Assert.DoesNotContain(await bed.EventsAsync(session.Id), e => e.Sequence > former.Events.LastSequence);
    }

    [Fact]
    public async Task AMessageReachingTheFormerOwner_RunsOnAFreshActivation_ThatTakesTheSessionBack()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, oldAgent) = await bed.CreateSessionAsync();
        await bed.SendAsync(session.Id, "slow one");
        await SessionCoreBed.StdinAsync(oldAgent, 1);
        await using var other = bed.AnotherHost();
        await other.SendAsync(session, "on the other host");
        oldAgent.Say(new AgentReplies().Turn("too late"));
        await Eventually.TrueAsync(() => oldAgent.KilledAt is not null, "the former owner to kill its agent");

        var back = await bed.SendAsync(session.Id, "back again");

        var agent = await bed.ProcessAsync(1);
        Assert.Contains("back again", (await SessionCoreBed.StdinAsync(agent, 1))[0], StringComparison.Ordinal);
        agent.Say(new AgentReplies().Turn("welcome back"));
        Assert.DoesNotContain(await bed.TurnAsync(session.Id, back.Turn), e => e.Type == EventTypes.Error);
    }
}

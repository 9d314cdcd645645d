using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// Scale to zero: the idle-stop reminder (the in-process reminders on fake time) stops a session's process once it has
/// gone <see cref="SessionRuntimeOptions.IdleTimeout"/> without a turn; a turn moves the deadline; a message wakes it.
/// </summary>
public sealed class SessionActorIdleStopTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task ASessionWithoutTurns_IsStopped_OnceTheIdleTimeoutHasPassed()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        var createdAt = bed.Time.GetUtcNow();

        await bed.Time.AdvanceUntilAsync(agent.Exited, Step);

        Assert.True(agent.KilledAt >= createdAt + bed.Options.IdleTimeout, $"killed at {agent.KilledAt}, {agent.KilledAt - createdAt} after the create");
        await Eventually.TrueAsync(() => bed.Actors.Find(session.Id)?.Session.Status == SessionStatus.Stopped, "the session to be stopped");
    }

    [Fact]
    public async Task ATurnInBetween_MovesTheIdleDeadline_ToATimeoutAfterTheTurn()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        bed.Time.Advance(bed.Options.IdleTimeout * 2 / 3);

        await bed.SendAsync(session.Id, "still here");
        await SessionCoreBed.StdinAsync(agent, 1);
        agent.Say(new AgentReplies().Turn("yes"));
        await bed.TurnAsync(session.Id, 1);
        var lastTurnAt = bed.Time.GetUtcNow();
        await bed.Time.AdvanceUntilAsync(agent.Exited, Step);

        Assert.True(agent.KilledAt >= lastTurnAt + bed.Options.IdleTimeout, $"killed at {agent.KilledAt}, {agent.KilledAt - lastTurnAt} after the last turn");
    }

    [Fact]
    public async Task AMessageToAStoppedSession_WakesIt_WithANewProcess_AndRunsTheTurn()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, first) = await bed.CreateSessionAsync();
        var stopped = await bed.Service.StopAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);
        Assert.Equal(SessionStatus.Stopped, stopped.Value?.Status);
        Assert.NotNull(first.KilledAt);

        await bed.SendAsync(session.Id, "wake up");

        var second = await bed.ProcessAsync(1);
        Assert.Equal(["user: wake up"], StdinLine.Describe(await SessionCoreBed.StdinAsync(second, 1)));
        second.Say(new AgentReplies().Turn("awake"));
        Assert.DoesNotContain(await bed.TurnAsync(session.Id, 1), e => e.Type == EventTypes.Error);
        Assert.Equal(SessionStatus.Active, bed.Actors.Find(session.Id)?.Session.Status);
        Assert.Equal(1, bed.Actors.Resumes.Cold);
    }
}

using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>Interrupting a running turn: the agent is asked on stdin, the turn closes with its error then <c>done</c>, the session goes on.</summary>
public sealed class SessionActorInterruptTests
{
    [Fact]
    public async Task Interrupt_WhileATurnRuns_AsksTheAgent_EndsTheTurnWithItsError_AndTheNextMessageRuns()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        var replies = new AgentReplies();
        await bed.SendAsync(session.Id, "long task");
        await SessionCoreBed.StdinAsync(agent, 1);
        agent.Say([.. replies.Init(), .. replies.Assistant("working on it")]);
        await Eventually.TrueAsync(async () => (await bed.EventsAsync(session.Id)).Any(e => e.Type == EventTypes.Message && e.Turn == 1), "the turn's first message in the log");

        var interrupted = await bed.Service.InterruptAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);

        Assert.True(interrupted.IsSuccess && interrupted.Value);
        var stdin = await SessionCoreBed.StdinAsync(agent, 2);
        Assert.Equal(["user: long task", "control: interrupt (interrupt-1)"], StdinLine.Describe(stdin));
        agent.Say(replies.Interrupted("interrupt-1"));
        var first = await bed.TurnAsync(session.Id, 1);
        Assert.Equal([EventTypes.Error, EventTypes.Done], first.TakeLast(2).Select(e => e.Type));
        Assert.Contains("interrupted", first[^2].DataText);

        await bed.SendAsync(session.Id, "next");
        Assert.Equal("user: next", StdinLine.Describe((await SessionCoreBed.StdinAsync(agent, 3))[2]));
        agent.Say(replies.Turn("done next"));
        var second = await bed.TurnAsync(session.Id, 2);
        Assert.DoesNotContain(second, e => e.Type == EventTypes.Error);
        Assert.Null(agent.KilledAt);
        Assert.Single(bed.Host.Started);
    }

    [Fact]
    public async Task Interrupt_TheAgentIgnores_KillsItAfterTheGracePeriod_AndTheTurnEndsInterrupted()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        await bed.SendAsync(session.Id, "stubborn");
        await SessionCoreBed.StdinAsync(agent, 1);

        Assert.True((await bed.Service.InterruptAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None)).Value);
        await SessionCoreBed.StdinAsync(agent, 2);
        var interruptedAt = bed.Time.GetUtcNow();
        await bed.Time.AdvanceUntilAsync(agent.Exited, TimeSpan.FromSeconds(1));

        Assert.True(agent.KilledAt >= interruptedAt + TimeSpan.FromSeconds(5), $"killed at {agent.KilledAt}, interrupted at {interruptedAt}");
        var turn = await bed.TurnAsync(session.Id, 1);
        Assert.Equal([EventTypes.Error, EventTypes.Done], turn.TakeLast(2).Select(e => e.Type));
        Assert.Contains("interrupted", turn[^2].DataText);
    }

    [Fact]
    public async Task Interrupt_BeforeTheProcessHasStarted_EndsTheTurnUnsent_AndTheNextMessageRuns()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        bed.Host.HoldStarts();
        var created = await bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None);
        var session = Assert.IsType<Session>(created.Value);
        await bed.SendAsync(session.Id, "too early");
        await Eventually.TrueAsync(async () => (await bed.EventsAsync(session.Id)).Any(e => e.Type == EventTypes.SessionStart), "the turn to start");

        Assert.True((await bed.Service.InterruptAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None)).Value);
        bed.Host.ReleaseStarts();

        var turn = await bed.TurnAsync(session.Id, 1);
        Assert.Equal([EventTypes.SessionStart, EventTypes.Error, EventTypes.Done], turn.Select(e => e.Type));
        var agent = await bed.ProcessAsync(0);
        Assert.Empty(agent.Stdin);

        await bed.SendAsync(session.Id, "now");
        Assert.Equal(["user: now"], StdinLine.Describe(await SessionCoreBed.StdinAsync(agent, 1)));
        agent.Say(new AgentReplies().Turn("ok"));
        Assert.DoesNotContain(await bed.TurnAsync(session.Id, 2), e => e.Type == EventTypes.Error);
    }
}

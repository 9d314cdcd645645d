using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// An agent process whose end faults (as a sandbox whose teardown failed): the fault is logged, the process's slot is given
/// back, and the actor's turn loop goes on with the next message.
/// </summary>
public sealed class SessionActorFaultTests
{
    private const int TurnFailedEvent = 1005;
    private const int ProcessEndFaultedEvent = 1015;
    private const int KillFailedEvent = 1016;

    [Fact]
    public async Task ProcessEndFaults_DuringATurn_TheTurnClosesWithAnInternalError_AndTheQueuedMessageRunsInANewProcess()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        var replies = new AgentReplies();
        await bed.SendAsync(session.Id, "first");
        await SessionCoreBed.StdinAsync(agent, 1);
        await bed.SendAsync(session.Id, "second");

        // The turn reads the faulted exit, and the kill it then tries rethrows the fault: before, that ended the actor's loop.
        agent.Crash(new InvalidOperationException("the sandbox's cgroup could not be removed"));

        var first = await bed.TurnAsync(session.Id, 1);
        Assert.Equal([EventTypes.Error, EventTypes.Done], first.TakeLast(2).Select(e => e.Type));
        Assert.Contains("internal error", first[^2].DataText);
        var next = await bed.ProcessAsync(1);
        Assert.Equal(["user: second"], StdinLine.Describe(await SessionCoreBed.StdinAsync(next, 1)));
        next.Say(replies.Turn("second reply"));
        var second = await bed.TurnAsync(session.Id, 2);
        Assert.DoesNotContain(second, e => e.Type == EventTypes.Error);

        var logged = bed.Logs.Collector.GetSnapshot();
        Assert.Contains(logged, r => r.Id.Id == TurnFailedEvent && r.Exception?.Message == "the sandbox's cgroup could not be removed");
        Assert.Contains(logged, r => r.Id.Id == ProcessEndFaultedEvent);
    }

    [Fact]
    public async Task ProcessEndFaults_BetweenTurns_IsLogged_FreesTheSlot_AndTheNextMessageStartsANewProcess()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        var actor = bed.Actors.Find(session.Id)!;
        Assert.True(actor.HoldsSandbox);

        agent.Crash(new IOException("statvfs failed"));

        await Eventually.TrueAsync(() => !actor.HoldsSandbox, "the faulted process's slot to be given back");
        Assert.Contains(bed.Logs.Collector.GetSnapshot(), r => r.Id.Id == ProcessEndFaultedEvent && r.Exception is IOException);
        await bed.SendAsync(session.Id, "after");
        var next = await bed.ProcessAsync(1);
        next.Say(new AgentReplies().Turn("fresh"));
        var turn = await bed.TurnAsync(session.Id, 1);
        Assert.DoesNotContain(turn, e => e.Type == EventTypes.Error);
    }

    [Fact]
    public async Task Stop_OfAProcessWhoseEndFaulted_LogsTheFailedKill_AndStops()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        agent.Crash(new InvalidOperationException("teardown failed"));

        var stopped = await bed.Service.StopAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);

        Assert.True(stopped.IsSuccess, stopped.IsSuccess ? null : stopped.Error.Message);
        Assert.Equal(SessionStatus.Stopped, stopped.Value.Status);
        Assert.Contains(bed.Logs.Collector.GetSnapshot(), r => r.Id.Id == KillFailedEvent);
    }
}

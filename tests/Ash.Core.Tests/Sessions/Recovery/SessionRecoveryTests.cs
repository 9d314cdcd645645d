using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Sessions.Recovery;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ash.Core.Tests.Sessions.Recovery;

/// <summary>
/// Start-up after a server died (<see cref="SessionRecovery"/>) over the bed's database: the server that "crashed" is one
/// whose actors are simply never used again, and the one that starts is another host (or the bed's reminders).
/// </summary>
public sealed class SessionRecoveryTests
{
    [Fact]
    public async Task Run_ClosesATurnTheDeadServerLeftOpen_WithTheInterruptedTurnError_AndTheSessionRunsItsNextMessage()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, _) = await bed.CreateBusySessionAsync("cut short");
        // The bed's server dies here, its row saying turn 1 runs; another starts over the same database.
        await using var restarted = bed.AnotherHost();

        var report = await Recovery(bed, bed.Options).RunAsync(CancellationToken.None);

        Assert.Equal(new RecoveryReport(OrphanProcesses: 0, ClosedTurns: 1, ResumedOperations: 0), report);
        var closed = await bed.TurnAsync(session.Id, 1);
        Assert.Equal([EventTypes.SessionStart, EventTypes.Error, EventTypes.Done], closed.Select(e => e.Type));
        Assert.Equal(SessionRecovery.InterruptedTurnError, SessionCoreBed.ErrorOf(closed));
        Assert.Equal(0, await bed.Context.Sessions.GetRunningTurnAsync(session.Id, CancellationToken.None));

        var next = await restarted.SendAsync(session, "again");

        Assert.Equal(2, next.Turn);
        var fresh = await restarted.ProcessAsync(0);
        Assert.Equal(["user: again"], StdinLine.Describe(await SessionCoreBed.StdinAsync(fresh, 1)));
        fresh.Say(new AgentReplies().Turn("again done"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 2)));
        // The new owner found nothing left open: the turn was closed once.
        Assert.Equal(SessionRecovery.InterruptedTurnError, SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
    }

    [Fact]
    public async Task Run_HandsAnUnfinishedLifecycleOperation_ToItsReminder_AtOnce_WhichCompletesIt()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        bed.Host.FailNextPrepares(LifecycleRunner.InlineRetries + 1);
        var creating = bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None);
        await bed.Time.AdvanceUntilAsync(creating, TimeSpan.FromMilliseconds(10));
        var session = Assert.IsType<Session>((await creating).Value);
        Assert.Equal(SessionStatus.Starting, session.Status);

        // Its retry waits for a backoff the fake clock never reaches: only recovery's reminder, due now, continues it.
        var report = await Recovery(bed, bed.Options).RunAsync(CancellationToken.None);

        Assert.Equal(new RecoveryReport(OrphanProcesses: 0, ClosedTurns: 0, ResumedOperations: 1), report);
        await bed.ProcessAsync(0);
        await Eventually.TrueAsync(
            async () => (await bed.Context.Sessions.GetAsync(session.Id, CancellationToken.None))?.Status == SessionStatus.Active, "the create to complete");
        Assert.Null(await bed.LifecycleStore.GetAsync(session.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Run_WhenActorsMoveBetweenHosts_LeavesATurnALiveActorRuns_AndAFreshActivationClosesOneLeftOpen()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (live, liveAgent) = await bed.CreateBusySessionAsync("running here");
        // Another session's actor moved to another host, which dies during its turn.
        var (moved, _) = await bed.CreateSessionAsync();
        Assert.True(await bed.Actors.HandOffAsync(moved.Id));
        await using var dead = bed.AnotherHost();
        await dead.SendAsync(moved, "cut short");
        await SessionCoreBed.StdinAsync(await dead.ProcessAsync(0), 1);

        var report = await Recovery(bed, new SessionRuntimeOptions { ActorsMoveBetweenHosts = true }).RunAsync(CancellationToken.None);

        Assert.Equal(2, report.ClosedTurns);
        Assert.Equal(SessionActor.LeftOpenTurnError, SessionCoreBed.ErrorOf(await bed.TurnAsync(moved.Id, 1)));
        await Eventually.TrueAsync(async () => await bed.ReminderStore.NextDueAsync(CancellationToken.None) is not { } due || due > bed.Time.GetUtcNow(), "the recover reminders to be delivered");
        Assert.DoesNotContain(await bed.EventsAsync(live.Id), e => e.Turn == 1 && e.Type == EventTypes.Done);
        liveAgent.Say(new AgentReplies().Turn("still mine"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(live.Id, 1)));
    }

    [Fact]
    public async Task Run_WhenActorsMoveBetweenHosts_ATurnLeftOpen_IsClosedEvenWhereAFormerActorNeverLearntTheSessionMoved()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, formerAgent) = await bed.CreateSessionAsync();
        var former = bed.Actors.Find(session.Id);
        // The session moved to another host without this one hearing of it (a partition), and that host dies during a turn.
        await using var dead = bed.AnotherHost();
        await dead.SendAsync(session, "cut short");
        await SessionCoreBed.StdinAsync(await dead.ProcessAsync(0), 1);

        await Recovery(bed, new SessionRuntimeOptions { ActorsMoveBetweenHosts = true }).RunAsync(CancellationToken.None);

        Assert.Equal(SessionActor.LeftOpenTurnError, SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
        Assert.NotSame(former, bed.Actors.Find(session.Id));
        await Eventually.TrueAsync(() => formerAgent.KilledAt is not null, "the former actor to let its process go");
        Assert.Equal(0, await bed.Context.Sessions.GetRunningTurnAsync(session.Id, CancellationToken.None));
    }

    private static SessionRecovery Recovery(SessionCoreBed bed, SessionRuntimeOptions options)
    {
        var context = bed.Context;
        return new SessionRecovery(
            context.Sessions, context.EventLog, context.EventBus, bed.LifecycleStore, context.Reminders, context.SandboxHost, options, bed.Time, NullLogger<SessionRecovery>.Instance);
    }
}

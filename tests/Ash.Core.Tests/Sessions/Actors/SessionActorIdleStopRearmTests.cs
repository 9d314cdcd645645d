using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// The idle stop's reminder beyond one idle spell (<see cref="SessionActorIdleStopTests"/>): a turn running when it falls
/// due keeps its process, and the session is armed again when the turn ends; a session woken after a stop, by the idle
/// timeout or by the API, is stopped again once idle.
/// </summary>
public sealed class SessionActorIdleStopRearmTests
{
    private const string StoppedForIdleness = """{"status":"stopped","reason":"idle"}""";

    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    /// <summary>A short idle timeout, and a silence limit far beyond it, so a quiet turn outlives the idle deadline.</summary>
    private static SessionRuntimeOptions Options() => new() { IdleTimeout = TimeSpan.FromMinutes(5), TurnSilenceTimeout = TimeSpan.FromHours(12), TurnTimeout = TimeSpan.FromHours(12) };

    [Fact]
    public async Task ATurnRunningWhenTheIdleStopFallsDue_KeepsItsProcess_AndTheSessionStopsATimeoutAfterTheTurnEnds()
    {
        await using var bed = await SessionCoreBed.StartAsync(Options());
        var (session, agent) = await bed.CreateSessionAsync();
        bed.Time.Advance(bed.Options.IdleTimeout - Step);
        await bed.SendAsync(session.Id, "a long one");
        await SessionCoreBed.StdinAsync(agent, 1);

        // Past the create's deadline, and past a whole timeout after the turn started: nothing is left to fire.
        await bed.Time.AdvanceUntilAsync(NoReminderLeftAsync(bed), Step);
        bed.Time.Advance(bed.Options.IdleTimeout * 2);
        await Task.Delay(TimeSpan.FromMilliseconds(100));

        Assert.Null(agent.KilledAt);
        Assert.Equal(SessionStatus.Active, bed.Actors.Find(session.Id)?.Session.Status);
        agent.Say(new AgentReplies().Turn("done at last"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
        var turnEndedAt = bed.Time.GetUtcNow();
        await bed.Time.AdvanceUntilAsync(agent.Exited, Step);

        Assert.True(agent.KilledAt >= turnEndedAt + bed.Options.IdleTimeout, $"killed at {agent.KilledAt}, the turn ended at {turnEndedAt}");
        await Eventually.TrueAsync(() => bed.Actors.Find(session.Id)?.Session.Status == SessionStatus.Stopped, "the session to be stopped");
    }

    [Fact]
    public async Task ASessionWokenAfterAnIdleStop_IsStoppedAgain_OnceIdleForTheTimeout()
    {
        await using var bed = await SessionCoreBed.StartAsync(Options());
        var (session, first) = await bed.CreateSessionAsync();
        await bed.Time.AdvanceUntilAsync(first.Exited, Step);
        await Eventually.TrueAsync(() => bed.Actors.Find(session.Id)?.Session.Status == SessionStatus.Stopped, "the session to be stopped");

        var woken = await WakeAsync(bed, session.Id);
        var turnEndedAt = bed.Time.GetUtcNow();
        await bed.Time.AdvanceUntilAsync(woken.Exited, Step);

        Assert.True(woken.KilledAt >= turnEndedAt + bed.Options.IdleTimeout, $"killed at {woken.KilledAt}, the turn ended at {turnEndedAt}");
        await Eventually.TrueAsync(
            async () => (await bed.EventsAsync(session.Id)).Count(e => e.Type == EventTypes.Status && e.DataText == StoppedForIdleness) == 2,
            "the second idle stop in the log");
    }

    [Fact]
    public async Task ASessionWokenAfterAStopItWasAskedFor_IsStoppedOnceIdleForTheTimeout()
    {
        await using var bed = await SessionCoreBed.StartAsync(Options());
        var (session, _) = await bed.CreateSessionAsync();
        bed.Time.Advance(Step);
        // The create's idle stop is still set: the stop leaves it, and the wake arms none of its own.
        await bed.Service.StopAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);
        bed.Time.Advance(Step);

        var woken = await WakeAsync(bed, session.Id);
        var turnEndedAt = bed.Time.GetUtcNow();
        await bed.Time.AdvanceUntilAsync(woken.Exited, Step);

        Assert.True(woken.KilledAt >= turnEndedAt + bed.Options.IdleTimeout, $"killed at {woken.KilledAt}, the turn ended at {turnEndedAt}");
        await Eventually.TrueAsync(
            async () => (await bed.EventsAsync(session.Id)).Any(e => e.Type == EventTypes.Status && e.DataText == StoppedForIdleness),
            "the idle stop in the log");
    }

    /// <summary>A message to the stopped session: its new process (the bed's second) runs the turn; returns once it is done.</summary>
    private static async Task<ScriptedAgentProcess> WakeAsync(SessionCoreBed bed, Guid sessionId)
    {
        var ticket = await bed.SendAsync(sessionId, "wake up");
        var woken = await bed.ProcessAsync(1);
        await SessionCoreBed.StdinAsync(woken, 1);
        woken.Say(new AgentReplies().Turn("awake"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(sessionId, ticket.Turn)));
        return woken;
    }

    private static Task NoReminderLeftAsync(SessionCoreBed bed) =>
        Eventually.TrueAsync(async () => await bed.ReminderStore.NextDueAsync(CancellationToken.None) is null, "every reminder to be delivered");
}

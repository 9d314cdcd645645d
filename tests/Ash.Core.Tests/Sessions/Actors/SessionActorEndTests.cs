using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// Ending a session (DELETE): an idle session's end answers once the kill is sent, and its sandbox is torn down after
/// (issue 14: that wait was most of a DELETE). Only what needs the sandbox gone waits for it: its slot, the reap of its
/// files, a fork of the ended session.
/// </summary>
public sealed class SessionActorEndTests
{
    [Fact]
    public async Task EndingAnIdleSession_AnswersOnceTheKillIsSent_AndItsSlotFreesWhenTheSandboxIsGone()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        agent.HoldTeardown();

        // Bounded: an end that waited for the teardown would wait for ever here.
        var ended = await bed.Service.EndAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(SessionStatus.Ended, ended.Value?.Status);
        Assert.NotNull(agent.KilledAt);
        Assert.False(agent.Exited.IsCompleted, "the end waited for the sandbox's teardown");
        Assert.Equal(1, bed.Actors.Slots.InUse);

        agent.FinishTeardown();
        await Eventually.TrueAsync(() => bed.Actors.Slots.InUse == 0, "the slot of the torn-down sandbox to be free");
    }

    [Fact]
    public async Task TheReapOfAnEndedSession_WaitsUntilItsSandboxIsGone()
    {
        await using var bed = await SessionCoreBed.StartAsync(new SessionRuntimeOptions { FileRetention = TimeSpan.FromMinutes(1) });
        var (session, agent) = await bed.CreateSessionAsync();
        agent.HoldTeardown();
        await bed.Service.EndAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);

        bed.Time.Advance(TimeSpan.FromMinutes(2));
        // Room for the due reminder to run: a reap that did not wait would remove the files meanwhile.
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        Assert.True(await bed.Host.HasFilesAsync(session.Id, CancellationToken.None), "the files went while the sandbox was still being torn down");

        agent.FinishTeardown();
        await Eventually.TrueAsync(async () => !await bed.Host.HasFilesAsync(session.Id, CancellationToken.None), "the reap to remove the files");
    }

    [Fact]
    public async Task EndingASessionWithATurnRunning_ClosesTheTurnWithAnError_WithoutWaitingForTheTeardown()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        await bed.SendAsync(session.Id, "take your time");
        await SessionCoreBed.StdinAsync(agent, 1);
        agent.HoldTeardown();

        // Bounded: an end that waited for the teardown would wait for ever here.
        var ended = await bed.Service.EndAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(SessionStatus.Ended, ended.Value?.Status);
        Assert.False(agent.Exited.IsCompleted, "the end waited for the sandbox's teardown");
        agent.FinishTeardown();
        var turn = await bed.TurnAsync(session.Id, 1);
        var error = Assert.Single(turn, e => e.Type == EventTypes.Error);
        Assert.Contains("ended", error.DataText, StringComparison.Ordinal);
    }
}

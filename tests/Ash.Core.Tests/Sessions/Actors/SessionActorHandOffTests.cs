using Ash.Core.Errors;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// The actor runtime deactivates a session's actor here (<see cref="SessionActors.HandOffAsync"/>: Dapr moved it, or it
/// was idle): its turns end with the moved-away error, its process goes once its callers are done, and the session lives
/// on: the next use activates a fresh actor.
/// </summary>
public sealed class SessionActorHandOffTests
{
    [Fact]
    public async Task HandOff_DuringATurn_EndsItAndTheWaitingOnes_WithTheMovedAwayError_AndTheNextMessageActivatesAFreshActor()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateBusySessionAsync("first", "second");
        var handedOff = bed.Actors.Find(session.Id);

        Assert.True(await bed.Actors.HandOffAsync(session.Id));

        Assert.Equal("The session was moved to another server", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
        Assert.Equal("The session was moved to another server before this message ran", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 2)));
        Assert.Equal(["user: first"], StdinLine.Describe(agent.Stdin));
        Assert.NotNull(agent.KilledAt);
        Assert.Null(bed.Actors.Find(session.Id));
        Assert.Equal(0, bed.Actors.Slots.InUse);
        Assert.Equal(SessionStatus.Active, (await bed.Context.Sessions.GetAsync(session.Id, CancellationToken.None))?.Status);
        Assert.False(await bed.Actors.HandOffAsync(session.Id));

        var next = await bed.SendAsync(session.Id, "third");

        Assert.Equal(3, next.Turn);
        Assert.NotSame(handedOff, bed.Actors.Find(session.Id));
        var fresh = await bed.ProcessAsync(1);
        Assert.Equal(["user: third"], StdinLine.Describe(await SessionCoreBed.StdinAsync(fresh, 1)));
        fresh.Say(new AgentReplies().Turn("here again"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 3)));
    }

    [Fact]
    public async Task HandOff_RefusesNewMessagesAtOnce_ButLetsTheProcessGoOnlyOnceTheCallsUnderWayAreDone()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateSessionAsync();
        var callMayEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leased = new TaskCompletionSource<SessionActor>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = bed.Actors.UseAsync(
            session,
            async actor =>
            {
                leased.SetResult(actor);
                await callMayEnd.Task;
                return true;
            },
            CancellationToken.None);
        var actor = await leased.Task.WaitAsync(Eventually.DefaultTimeout);

        var handOff = bed.Actors.HandOffAsync(session.Id);

        var refused = await actor.EnqueueAsync(new TurnInput("\"hello?\"", IncludePartialMessages: false), _ => new MemoryStream(), CancellationToken.None);
        Assert.Equal(ErrorKind.Unavailable, refused.Error?.Kind);
        // Room for a hand-off that did not wait to kill the process.
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        Assert.False(handOff.IsCompleted, "the hand-off finished while a call still used the actor");
        Assert.Null(agent.KilledAt);

        callMayEnd.SetResult();
        await call.WaitAsync(Eventually.DefaultTimeout);

        Assert.True(await handOff.WaitAsync(Eventually.DefaultTimeout));
        Assert.NotNull(agent.KilledAt);
        Assert.DoesNotContain(await bed.EventsAsync(session.Id), e => e.Turn > 0);
    }
}

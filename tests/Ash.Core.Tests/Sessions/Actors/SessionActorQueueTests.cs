using Ash.Core.Errors;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Tests.Sessions.Fakes;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// The turn queue beyond its order (<see cref="SessionActorTurnTests"/>): what becomes of messages waiting behind a stop
/// or an end, its bound, and a turn whose agent exits with others waiting.
/// </summary>
public sealed class SessionActorQueueTests
{
    [Fact]
    public async Task MessagesQueuedBehindAStop_EndWithTheStoppedError_NeverReachTheAgent_AndTheNextMessageWakesTheSession()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateBusySessionAsync("first", "second", "third");

        var stopped = await bed.Service.StopAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);

        Assert.Equal(SessionStatus.Stopped, stopped.Value?.Status);
        Assert.Equal("The session was stopped", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
        Assert.Equal("The session was stopped before this message ran", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 2)));
        Assert.Equal("The session was stopped before this message ran", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 3)));
        Assert.Equal(["user: first"], StdinLine.Describe(agent.Stdin));

        var next = await bed.SendAsync(session.Id, "fourth");

        Assert.Equal(4, next.Turn);
        var woken = await bed.ProcessAsync(1);
        Assert.Equal(["user: fourth"], StdinLine.Describe(await SessionCoreBed.StdinAsync(woken, 1)));
        woken.Say(new AgentReplies().Turn("awake"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 4)));
    }

    [Fact]
    public async Task MessagesQueuedBehindAnEnd_EndWithTheEndedError_AndLaterMessagesAreRefused()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateBusySessionAsync("first", "second");

        var ended = await bed.Service.EndAsync(SessionCoreBed.Tenant, session.Id, CancellationToken.None);

        Assert.Equal(SessionStatus.Ended, ended.Value?.Status);
        Assert.Equal("The session was ended", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
        Assert.Equal("The session was ended before this message ran", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 2)));
        var refused = await bed.TrySendAsync(session.Id, "too late");
        Assert.Equal(ErrorKind.InvalidState, refused.Error?.Kind);
        Assert.Equal(["user: first"], StdinLine.Describe(agent.Stdin));
        Assert.Single(bed.Host.Started);
    }

    [Fact]
    public async Task AFullQueue_RefusesTheNextMessage_WithACapacityError_ThatStoresNothingAndTakesNoTurnNumber()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateBusySessionAsync("running", [.. Enumerable.Range(1, SessionActor.MaxQueuedTurns - 1).Select(n => $"waiting {n}")]);

        var refused = await bed.TrySendAsync(session.Id, "one too many");

        Assert.Equal(ErrorKind.Capacity, refused.Error?.Kind);
        var stored = await bed.Context.Messages.ListAsync(session.Id, after: 0, limit: 100, CancellationToken.None);
        Assert.Equal(SessionActor.MaxQueuedTurns, stored.Count(m => m.Role == "user"));

        // Room again once the running turn ends and the next one starts.
        agent.Say(new AgentReplies().Turn("done"));
        await SessionCoreBed.StdinAsync(agent, 2);
        var accepted = await bed.SendAsync(session.Id, "now there is room");
        Assert.Equal(SessionActor.MaxQueuedTurns + 1, accepted.Turn);
    }

    [Fact]
    public async Task AnAgentThatExitsDuringATurn_EndsItWithTheExitError_AndTheQueuedMessageRunsInANewProcess()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var (session, agent) = await bed.CreateBusySessionAsync("first", "second");

        agent.Exit(2, "segmentation fault\n");

        Assert.Equal("The agent process exited unexpectedly (exit code 2): segmentation fault", SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 1)));
        var next = await bed.ProcessAsync(1);
        Assert.Equal(["user: second"], StdinLine.Describe(await SessionCoreBed.StdinAsync(next, 1)));
        next.Say(new AgentReplies().Turn("fresh start"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(session.Id, 2)));
        Assert.Equal(1, bed.Actors.Resumes.Cold);
    }
}

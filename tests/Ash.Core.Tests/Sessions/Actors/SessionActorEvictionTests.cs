using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// The live-sandbox budget (<c>SandboxSlots</c>) when it is used up: a session that needs a
/// process stops the least recently active idle one for it (reason <c>capacity</c>); with every live session busy, or
/// only sessions still being created, it gets the capacity error (a 503 with Retry-After), never an internal one.
/// </summary>
public sealed class SessionActorEvictionTests
{
    private const string StoppedForCapacity = """{"status":"stopped","reason":"capacity"}""";

    [Fact]
    public async Task ACreate_WithEveryLiveSandboxIdle_StopsTheLeastRecentlyActiveSession_ForCapacity()
    {
        await using var bed = await SessionCoreBed.StartAsync(liveSandboxes: 2);
        var (used, usedAgent) = await bed.CreateSessionAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(1));
        var (left, leftAgent) = await bed.CreateSessionAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(1));
        // Created first, but used since: the other one is now the least recently active.
        await bed.SendAsync(used.Id, "still here");
        await SessionCoreBed.StdinAsync(usedAgent, 1);
        usedAgent.Say(new AgentReplies().Turn("yes"));
        await bed.TurnAsync(used.Id, 1);
        bed.Time.Advance(TimeSpan.FromMinutes(1));

        var (_, newAgent) = await bed.CreateSessionAsync();

        Assert.NotNull(leftAgent.KilledAt);
        Assert.Null(usedAgent.KilledAt);
        Assert.Null(newAgent.KilledAt);
        Assert.Equal(SessionStatus.Stopped, (await bed.Context.Sessions.GetAsync(left.Id, CancellationToken.None))?.Status);
        Assert.Contains(await bed.EventsAsync(left.Id), e => e.Type == EventTypes.Status && e.DataText == StoppedForCapacity);
        Assert.Equal(SessionStatus.Active, (await bed.Context.Sessions.GetAsync(used.Id, CancellationToken.None))?.Status);
        Assert.Equal(2, bed.Actors.Slots.InUse);
    }

    [Fact]
    public async Task ACreate_WhenTheOnlyLiveSandboxIsBusy_IsRefusedWithTheCapacityError_StoresNothing_AndLeavesTheTurnAlone()
    {
        var options = new SessionRuntimeOptions { CapacityRetryAfter = TimeSpan.FromSeconds(7) };
        await using var bed = await SessionCoreBed.StartAsync(options, liveSandboxes: 1);
        var (busy, agent) = await bed.CreateBusySessionAsync("working");

        var refused = await bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None);

        Assert.Equal(ErrorKind.Capacity, refused.Error?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Error?.RetryAfter);
        Assert.Equal(1, await bed.Context.Sessions.CountByStatusAsync(Enum.GetValues<SessionStatus>(), CancellationToken.None));
        Assert.Equal(1, bed.Actors.ActiveCount);
        Assert.Single(bed.Host.Started);
        agent.Say(new AgentReplies().Turn("finished"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(busy.Id, 1)));
        Assert.Null(agent.KilledAt);
    }

    [Fact]
    public async Task AMessageToASessionStoppedForCapacity_WakesIt_StoppingTheOtherIdleSessionInTurn()
    {
        await using var bed = await SessionCoreBed.StartAsync(liveSandboxes: 1);
        var (first, firstAgent) = await bed.CreateSessionAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(1));
        var (second, secondAgent) = await bed.CreateSessionAsync();
        Assert.NotNull(firstAgent.KilledAt);
        bed.Time.Advance(TimeSpan.FromMinutes(1));

        await bed.SendAsync(first.Id, "back");

        var woken = await bed.ProcessAsync(2);
        Assert.Equal(["user: back"], StdinLine.Describe(await SessionCoreBed.StdinAsync(woken, 1)));
        woken.Say(new AgentReplies().Turn("welcome back"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(first.Id, 1)));
        Assert.NotNull(secondAgent.KilledAt);
        Assert.Contains(await bed.EventsAsync(second.Id), e => e.Type == EventTypes.Status && e.DataText == StoppedForCapacity);
        Assert.Equal(1, bed.Host.LiveCount);
    }

    [Fact]
    public async Task ACreate_WhileTheOnlySlotIsHeldByASessionStillBeingCreated_IsRefusedWithTheCapacityError_AndThatCreateCompletes()
    {
        await using var bed = await SessionCoreBed.StartAsync(liveSandboxes: 1);
        bed.Sessions.HoldInserts();
        var first = bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None);
        await Eventually.TrueAsync(() => bed.Sessions.InsertsWaiting == 1, "the first create to have its slot, and to wait to store its row");

        var second = await bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None)
            .WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(ErrorKind.Capacity, second.Error?.Kind);
        bed.Sessions.ReleaseInserts();
        var created = await first.WaitAsync(Eventually.DefaultTimeout);
        Assert.True(created.IsSuccess, created.Error?.Message);
        Assert.Equal(SessionStatus.Active, created.Value.Status);
        var agent = await bed.ProcessAsync(0);
        await bed.SendAsync(created.Value.Id, "hello");
        Assert.Equal(["user: hello"], StdinLine.Describe(await SessionCoreBed.StdinAsync(agent, 1)));
        agent.Say(new AgentReplies().Turn("hi"));
        Assert.Null(SessionCoreBed.ErrorOf(await bed.TurnAsync(created.Value.Id, 1)));
        Assert.Single(bed.Host.Started);
    }

    [Fact]
    public async Task TwoCreatesRacingForTheSlotOfAnIdleSession_OneStopsItAndGetsTheSlot_TheOtherGetsTheCapacityError()
    {
        await using var bed = await SessionCoreBed.StartAsync(liveSandboxes: 1);
        var (idle, idleAgent) = await bed.CreateSessionAsync();
        // The winner waits to store its row, so the loser always meets it while it is being created.
        bed.Sessions.HoldInserts();
        Task<Result<Session>>[] racing =
        [
            Task.Run(() => bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None)),
            Task.Run(() => bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None)),
        ];

        var loser = await await Task.WhenAny(racing).WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(ErrorKind.Capacity, loser.Error?.Kind);
        await Eventually.TrueAsync(() => bed.Sessions.InsertsWaiting == 1, "the winner to wait to store its row");
        bed.Sessions.ReleaseInserts();
        var results = await Task.WhenAll(racing).WaitAsync(Eventually.DefaultTimeout);
        var winner = Assert.IsType<Session>(Assert.Single(results, r => r.IsSuccess).Value);
        Assert.Equal(SessionStatus.Active, winner.Status);
        Assert.NotNull(idleAgent.KilledAt);
        Assert.Equal(SessionStatus.Stopped, (await bed.Context.Sessions.GetAsync(idle.Id, CancellationToken.None))?.Status);
        await Eventually.TrueAsync(() => bed.Host.Specs.Any(spec => spec.SessionId == winner.Id), "the winner's process to start");
        Assert.Equal(1, bed.Host.LiveCount);
        Assert.Equal(1, bed.Actors.Slots.InUse);
    }
}

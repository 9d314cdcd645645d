using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

/// <summary>
/// The owner fence (issue 16): each activation takes a new epoch on the session row; a write fenced with an older epoch
/// fails inside its transaction and stores nothing, neither its events nor its change to the row.
/// </summary>
public abstract class SessionOwnershipConformance(StoreBackend backend) : StoreTest(backend)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task TakeOwnershipAsync_EachCall_TakesANewerEpoch_AndSaysWhichTurnIsOpen()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { RunningTurn = 3 }, [], Token);

        var first = await Stores.Sessions.TakeOwnershipAsync(session.Id, Token);
        var second = await Stores.Sessions.TakeOwnershipAsync(session.Id, Token);

        Assert.Equal(SessionOwnership.FirstEpoch + 1, first.Epoch);
        Assert.Equal(first.Epoch + 1, second.Epoch);
        Assert.Equal(3, second.RunningTurn);
        Assert.Equal(default, await Stores.Sessions.TakeOwnershipAsync(Guid.NewGuid(), Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AppendAsync_WithTheCurrentEpoch_Stores_WithAnOlderOne_FailsAndStoresNothing()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);
        var old = await Stores.Sessions.TakeOwnershipAsync(session.Id, Token);
        await Stores.Events.AppendAsync([Event(session.Id, 1)], old.Epoch, Token);
        var current = await Stores.Sessions.TakeOwnershipAsync(session.Id, Token);

        var refused = await Assert.ThrowsAsync<OwnershipLostException>(() => Stores.Events.AppendAsync([Event(session.Id, 2), Event(session.Id, 3)], old.Epoch, Token));
        await Stores.Events.AppendAsync([Event(session.Id, 2)], current.Epoch, Token);

        Assert.Equal(session.Id, refused.SessionId);
        Assert.Equal([1L, 2L], (await Stores.Events.ReadAsync(session.Id, 0, 10, null, Token)).Select(e => e.Sequence));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CommitAsync_WithAnOlderEpoch_FailsAndChangesNothing()
    {
        var session = NewSession(status: SessionStatus.Active);
        await Stores.Sessions.InsertAsync(session, Token);
        var old = await Stores.Sessions.TakeOwnershipAsync(session.Id, Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { RunningTurn = 1, OwnerEpoch = old.Epoch }, [Event(session.Id, 1, type: EventTypes.SessionStart)], Token);
        var current = await Stores.Sessions.TakeOwnershipAsync(session.Id, Token);

        await Assert.ThrowsAsync<OwnershipLostException>(() => Stores.Sessions.CommitAsync(
            new SessionCommit(session.Id, T0.AddHours(1)) { Status = SessionStatus.Stopped, RunningTurn = 0, OwnerEpoch = old.Epoch },
            [Event(session.Id, 2, type: EventTypes.Done)],
            Token));

        var stored = await Stores.Sessions.GetAsync(session.Id, Token);
        Assert.Equal(SessionStatus.Active, stored!.Status);
        Assert.Equal(T0, stored.LastActiveAt);
        Assert.Equal(1, current.RunningTurn);
        Assert.Equal(new LogPosition(1, 1), await Stores.Events.GetPositionAsync(session.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task UnfencedWrites_StillStore_WhateverTheEpoch()
    {
        var session = NewSession();
        await Stores.Sessions.InsertAsync(session, Token);
        await Stores.Sessions.TakeOwnershipAsync(session.Id, Token);

        await Stores.Events.AppendAsync([Event(session.Id, 1)], Token);
        await Stores.Sessions.CommitAsync(new SessionCommit(session.Id, T0) { RunningTurn = 0 }, [Event(session.Id, 2)], Token);

        Assert.Equal(new LogPosition(2, 1), await Stores.Events.GetPositionAsync(session.Id, Token));
    }
}

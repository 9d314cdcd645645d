using Ash.Core.Events;

namespace Ash.Core.Tests.Events;

public sealed class InProcessEventBusTests
{
    private static SessionEvent Event(Guid session, long sequence, long turn = 1) =>
        new(session, "t", sequence, turn, EventTypes.TextDelta, "{}"u8.ToArray(), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Publish_ToSubscriber_DeliversInOrder()
    {
        var bus = new InProcessEventBus();
        var session = Guid.NewGuid();
        using var subscription = bus.Subscribe(session, 10);

        bus.Publish(session, [Event(session, 1), Event(session, 2)]);

        Assert.True(subscription.Reader.TryRead(out var first));
        Assert.True(subscription.Reader.TryRead(out var second));
        Assert.Equal([1L, 2L], new[] { first!.Sequence, second!.Sequence });
    }

    [Fact]
    public void Publish_BeyondCapacity_CutsOffOnlyTheSlowSubscriber()
    {
        var bus = new InProcessEventBus();
        var session = Guid.NewGuid();
        using var slow = bus.Subscribe(session, 2);
        using var fast = bus.Subscribe(session, 100);

        bus.Publish(session, [Event(session, 1), Event(session, 2), Event(session, 3)]);

        Assert.True(slow.Overflowed);
        Assert.True(slow.Reader.Completion.IsCompleted || slow.Reader.Count == 2);
        Assert.False(fast.Overflowed);
        Assert.Equal(3, fast.Reader.Count);

        // Publishing again neither throws nor reaches the cut-off subscriber.
        bus.Publish(session, [Event(session, 4)]);
        Assert.Equal(4, fast.Reader.Count);
    }

    [Fact]
    public void Subscribe_ToOneTurn_GetsOnlyThatTurnsEvents()
    {
        var bus = new InProcessEventBus();
        var session = Guid.NewGuid();
        using var turnTwo = bus.Subscribe(session, 1, onlyTurn: 2);

        bus.Publish(session, [Event(session, 1, turn: 1), Event(session, 2, turn: 1), Event(session, 3, turn: 2)]);

        Assert.False(turnTwo.Overflowed);
        Assert.True(turnTwo.Reader.TryRead(out var only));
        Assert.Equal(3, only!.Sequence);
    }

    [Fact]
    public void Publish_AfterDispose_DoesNotDeliver()
    {
        var bus = new InProcessEventBus();
        var session = Guid.NewGuid();
        var subscription = bus.Subscribe(session, 10);
        subscription.Dispose();

        bus.Publish(session, [Event(session, 1)]);

        Assert.False(subscription.Reader.TryRead(out _));
        Assert.False(subscription.Overflowed);
    }
}

namespace Ash.Core.Events;

/// <summary>Live fan-out of session events after they are in the log.</summary>
public interface IEventBus
{
    void Publish(Guid sessionId, IReadOnlyList<SessionEvent> batch);

    /// <summary>
    /// Subscribes to a session's live events with a bounded buffer. When a subscriber falls more than
    /// <paramref name="capacity"/> events behind it is cut off: its reader completes and
    /// <see cref="IEventSubscription.Overflowed"/> turns true. The publisher never waits.
    /// With <paramref name="onlyTurn"/> above zero only that turn's events are delivered (and counted).
    /// <paramref name="wake"/> says on which thread a waiting reader resumes.
    /// </summary>
    IEventSubscription Subscribe(Guid sessionId, int capacity, long onlyTurn = 0, SubscriberWake wake = SubscriberWake.Queued);
}

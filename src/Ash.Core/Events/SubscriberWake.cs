namespace Ash.Core.Events;

/// <summary>How a subscriber waiting for events is woken when a batch is published.</summary>
public enum SubscriberWake
{
    /// <summary>On the thread pool: the publisher never runs the subscriber's code.</summary>
    Queued,

    /// <summary>
    /// On the publisher's thread, inside <see cref="IEventBus.Publish"/>, until the subscriber next waits. For SSE
    /// streams, whose work between two waits is writing frames into the response: waiting for a thread-pool thread
    /// while the session's own thread went on was the largest part of an event's latency (issue 14). A subscriber
    /// woken so must not block before its next wait.
    /// </summary>
    Inline,
}

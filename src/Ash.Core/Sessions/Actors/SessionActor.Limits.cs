using Ash.Core.Events;
using Ash.Core.Sandboxes;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Resource limits seen from the session: an event for each limit the kernel enforced during a turn. None of
/// them stops the session (issue 12): a full disk is ENOSPC for the agent, and an agent killed for memory is
/// started again by the next message, which continues its conversation.
/// </summary>
public sealed partial class SessionActor
{
    /// <summary>The error code of a turn whose agent the kernel killed at its memory limit.</summary>
    public const string OutOfMemoryReason = "out_of_memory";

    private static PendingEvent[] LimitEvents(IReadOnlyList<LimitHit> hits)
    {
        var events = new PendingEvent[hits.Count];
        for (var i = 0; i < hits.Count; i++)
        {
            events[i] = new PendingEvent(EventTypes.ResourceLimit, EventData.ResourceLimit(hits[i]));
        }

        return events;
    }
}

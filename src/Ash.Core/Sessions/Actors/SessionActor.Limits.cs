using Ash.Core.Events;
using Ash.Core.Sandboxes;

namespace Ash.Core.Sessions.Actors;

/// <summary>Resource limits seen from the session: events for what the kernel enforced, and the <c>error</c> state after an OOM kill of the agent.</summary>
public sealed partial class SessionActor
{
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

    /// <summary>
    /// A limit ended the agent (the kernel killed it for memory; a full disk does not, issue 12):
    /// the session goes to <c>error</c> with the reason, queued messages are refused, and <c>resume</c>
    /// starts a new process that continues the conversation.
    /// </summary>
    private Task MarkStoppedByLimitAsync(string reason) =>
        UnderGateAsync(async () =>
        {
            if (Session.Status != SessionStatus.Active)
            {
                return false;
            }

            Volatile.Write(ref _halted, "stopped because the agent ran out of memory");
            var now = _context.Time.GetUtcNow();
            await _events.WriteAsync(
                0,
                [new PendingEvent(EventTypes.Status, EventData.Status(SessionStatus.Error.ToWire(), reason))],
                new SessionCommit(SessionId, now) { Status = SessionStatus.Error },
                CancellationToken.None);
            Volatile.Write(ref _session, Session with { Status = SessionStatus.Error, LastActiveAt = now });
            return true;
        }, CancellationToken.None);
}

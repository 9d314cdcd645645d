using System.Text.Json.Serialization;
using Ash.Core.Events;

namespace Ash.Dapr.Events;

/// <summary>One published batch of a session's events on the <c>session-events</c> topic.</summary>
internal sealed record EventBatchMessage(Guid SessionId, string TenantId, IReadOnlyList<EventMessage> Events)
{
    public static EventBatchMessage From(Guid sessionId, IReadOnlyList<SessionEvent> batch)
    {
        var events = new EventMessage[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            events[i] = new EventMessage(e.Sequence, e.Turn, e.Type, e.Data, e.CreatedAt);
        }

        return new EventBatchMessage(sessionId, batch.Count > 0 ? batch[0].TenantId : string.Empty, events);
    }

    public List<SessionEvent> ToEvents()
    {
        var events = new List<SessionEvent>(Events.Count);
        foreach (var e in Events)
        {
            events.Add(new SessionEvent(SessionId, TenantId, e.Seq, e.Turn, e.Type, e.Data, e.CreatedAt));
        }

        return events;
    }
}

internal sealed record EventMessage(long Seq, long Turn, string Type, [property: JsonConverter(typeof(Utf8TextConverter))] byte[]? Data, DateTimeOffset CreatedAt);

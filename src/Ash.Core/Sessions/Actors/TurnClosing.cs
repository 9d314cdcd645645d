using Ash.Core.Events;

namespace Ash.Core.Sessions.Actors;

/// <summary>The events that close a turn: <c>error</c> when it failed, then always <c>done</c> (API.md).</summary>
public static class TurnClosing
{
    public static PendingEvent[] Events(Guid sessionId, string? error) => error is null
        ? [new PendingEvent(EventTypes.Done, EventData.Done(sessionId))]
        : [new PendingEvent(EventTypes.Error, EventData.Error(error)), new PendingEvent(EventTypes.Done, EventData.Done(sessionId))];
}

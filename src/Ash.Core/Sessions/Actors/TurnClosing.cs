using Ash.Core.Events;

namespace Ash.Core.Sessions.Actors;

/// <summary>The events that close a turn: <c>error</c> when it failed (with a stable code when there is one), then always <c>done</c> (API.md).</summary>
public static class TurnClosing
{
    public static PendingEvent[] Events(Guid sessionId, string? error, string? code = null) => error is null
        ? [new PendingEvent(EventTypes.Done, EventData.Done(sessionId))]
        : [new PendingEvent(EventTypes.Error, code is null ? EventData.Error(error) : EventData.Error(error, code)), new PendingEvent(EventTypes.Done, EventData.Done(sessionId))];
}

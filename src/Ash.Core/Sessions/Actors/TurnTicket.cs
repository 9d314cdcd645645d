namespace Ash.Core.Sessions.Actors;

/// <summary>A queued turn: its number in the session, known before it starts so its stream can be joined.</summary>
public sealed record TurnTicket(long Turn, Guid MessageId);

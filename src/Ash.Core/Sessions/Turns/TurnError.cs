namespace Ash.Core.Sessions.Turns;

/// <summary>How a turn failed: the <c>error</c> event's message, and a stable code when the platform knows one (<c>turn_timeout</c>, <c>out_of_memory</c>, …).</summary>
public sealed record TurnError(string Message, string? Code = null);

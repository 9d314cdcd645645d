namespace Ash.Client;

/// <summary>An entry of a session's timeline (<see cref="AshClient.GetEventsAsync"/>) or stream log (<see cref="AshClient.GetStreamEventsAsync"/>).</summary>
/// <param name="Id">Event id.</param>
/// <param name="SessionId">Session the event belongs to.</param>
/// <param name="TenantId">Tenant that owns the session.</param>
/// <param name="Type">Event type, one of <see cref="AshEventTypes"/> or a server extension.</param>
/// <param name="Data">Event payload as a JSON document in a string, or <see langword="null"/>.</param>
/// <param name="Sequence">Increasing position in the session's log (with gaps in the timeline); use it as <c>after</c> to page.</param>
/// <param name="CreatedAt">When the event was stored.</param>
public sealed record SessionEvent(
    string Id,
    string SessionId,
    string TenantId,
    string Type,
    string? Data,
    long Sequence,
    DateTimeOffset CreatedAt);

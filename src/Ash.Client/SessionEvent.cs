namespace Ash.Client;

/// <summary>A stored event of a session's timeline (the persisted form of an <see cref="AshEvent"/>).</summary>
/// <param name="Id">Event id.</param>
/// <param name="SessionId">Session the event belongs to.</param>
/// <param name="TenantId">Tenant that owns the session.</param>
/// <param name="Type">Event type, one of <see cref="AshEventTypes"/> or a server extension.</param>
/// <param name="Data">Event payload as a JSON document in a string, or <see langword="null"/>.</param>
/// <param name="Sequence">Position in the session's event log; use it as <c>after</c> to page.</param>
/// <param name="CreatedAt">When the event was stored.</param>
public sealed record SessionEvent(
    string Id,
    string SessionId,
    string TenantId,
    string Type,
    string? Data,
    long Sequence,
    DateTimeOffset CreatedAt);

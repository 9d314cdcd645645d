namespace Ash.Client;

/// <summary>A stored message of a session's conversation.</summary>
/// <param name="Id">Message id.</param>
/// <param name="SessionId">Session the message belongs to.</param>
/// <param name="TenantId">Tenant that owns the session.</param>
/// <param name="Role"><c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The message as a JSON document in a string: <c>{"type":"user","content":…}</c> for user messages, the agent's whole stream-json <c>assistant</c> or <c>result</c> message for assistant ones (Ash's shapes).</param>
/// <param name="Sequence">Position in the session's message log; use it as <c>after</c> to page.</param>
/// <param name="CreatedAt">When the message was stored.</param>
public sealed record Message(
    string Id,
    string SessionId,
    string TenantId,
    string Role,
    string Content,
    long Sequence,
    DateTimeOffset CreatedAt);

namespace Ash.Core.Messages;

/// <summary>A stored conversation message (API.md "Message"); <see cref="Content"/> is a JSON string.</summary>
public sealed record Message(
    Guid Id,
    Guid SessionId,
    string TenantId,
    string Role,
    string Content,
    long Sequence,
    DateTimeOffset CreatedAt);

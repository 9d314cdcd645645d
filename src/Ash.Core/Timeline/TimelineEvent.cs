namespace Ash.Core.Timeline;

/// <summary>
/// One entry of a session's timeline, Ash's <c>SessionEvent</c> (ash-reference.md §1.5): what happened in the
/// session, in Ash's vocabulary (<see cref="TimelineTypes"/>), read from the event log rather than stored twice.
/// <see cref="Sequence"/> increases through the session but has gaps (it is the position of the entry in the
/// event log); <see cref="Data"/> is one-line JSON.
/// </summary>
public sealed record TimelineEvent(
    Guid Id,
    Guid SessionId,
    string TenantId,
    string Type,
    string Data,
    long Sequence,
    DateTimeOffset CreatedAt);

namespace Ash.Core.Usage;

/// <summary>Filters of <c>GET /api/usage</c> and <c>/api/usage/stats</c>; <see cref="After"/> and <see cref="Before"/> are exclusive.</summary>
public sealed record UsageFilter(Guid? SessionId, string? AgentName, DateTimeOffset? After, DateTimeOffset? Before);

/// <summary>A page of events, newest first; <see cref="Cursor"/> continues after the last event of the previous page.</summary>
public sealed record UsageQuery(UsageFilter Filter, int Limit, UsageCursor? Cursor);

/// <summary>Where a page ends: the last event's time and id (ties on time are broken by id).</summary>
public sealed record UsageCursor(DateTimeOffset CreatedAt, Guid Id);

public sealed record UsagePage(IReadOnlyList<UsageEvent> Events, UsageCursor? Next);

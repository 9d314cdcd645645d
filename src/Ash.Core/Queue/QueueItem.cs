namespace Ash.Core.Queue;

/// <summary>
/// A batch job: one prompt for one agent, run as a turn by the queue processor. <see cref="SessionId"/> is
/// the session the caller named, or the one the job made (<see cref="OwnsSession"/>); <see cref="ResultJson"/>
/// is the finished turn's result object (<see cref="QueueResult"/>), kept as JSON text.
/// </summary>
public sealed record QueueItem(
    Guid Id,
    string TenantId,
    Guid? SessionId,
    string AgentName,
    string Prompt,
    QueueStatus Status,
    int Priority,
    int RetryCount,
    int MaxRetries,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt)
{
    /// <summary>True when the processor made <see cref="SessionId"/> itself (each attempt makes a new one).</summary>
    public bool OwnsSession { get; init; }

    public string? ResultJson { get; init; }

    /// <summary>A pending job is not taken before this time (the backoff after a failed attempt).</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>A processing job whose lease runs out is taken to be abandoned by a server that died.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }
}

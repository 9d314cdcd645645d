namespace Ash.Core.Queue;

/// <summary>How one attempt at a job ended.</summary>
public enum QueueAttemptOutcome
{
    Completed,

    /// <summary>Failed; retried with backoff while the job has retries left.</summary>
    Failed,

    /// <summary>Failed in a way no retry can fix (its agent or session is gone): failed at once.</summary>
    FailedForGood,

    /// <summary>No sandbox was free after all: back to pending, not counted as an attempt.</summary>
    NoCapacity,
}

/// <summary>The end of one attempt: its outcome, the session it ran in, the error or the result object (JSON).</summary>
public sealed record QueueAttempt(QueueAttemptOutcome Outcome, Guid? SessionId, bool OwnsSession, string? Error, string? ResultJson)
{
    public static QueueAttempt FailedForGood(string error, Guid? sessionId = null, bool ownsSession = false) =>
        new(QueueAttemptOutcome.FailedForGood, sessionId, ownsSession, error, null);
}

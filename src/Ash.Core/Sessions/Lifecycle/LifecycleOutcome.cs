namespace Ash.Core.Sessions.Lifecycle;

public enum LifecycleOutcomeKind
{
    Completed,

    /// <summary>A step failed transiently; a reminder runs the operation again from that step.</summary>
    Retrying,

    /// <summary>A step failed for good (or ran out of attempts); the session is now in <c>error</c>.</summary>
    Failed,
}

public sealed record LifecycleOutcome(LifecycleOutcomeKind Kind, string? Step = null, string? Error = null)
{
    public static LifecycleOutcome Completed { get; } = new(LifecycleOutcomeKind.Completed);
}

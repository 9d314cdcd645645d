namespace Ash.Testing.DaprSidecar;

/// <summary>How a reminder tick that did not get a 200 is retried (Scheduler default: 3 times, 1 s apart).</summary>
public sealed record ReminderRetryPolicy(int MaxRetries, TimeSpan Interval)
{
    public static ReminderRetryPolicy Default { get; } = new(3, TimeSpan.FromSeconds(1));
}

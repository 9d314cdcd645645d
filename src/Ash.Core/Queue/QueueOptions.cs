namespace Ash.Core.Queue;

/// <summary>The queue processor's settings (configuration section <c>Ash:Queue</c>; docs/queue.md).</summary>
public sealed class QueueOptions
{
    /// <summary>At most this many jobs run at once in one server process.</summary>
    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>
    /// Live-sandbox slots (<c>Ash:Sessions:MaxLiveSandboxes</c>) the queue always leaves free for interactive
    /// sessions: a job starts only while more than this many are free, so it never takes the sandbox a user's
    /// create would need, and it never stops an idle user session to make room.
    /// </summary>
    public int ReservedSandboxes { get; set; } = 1;

    /// <summary>How often the processor looks for due jobs when nothing woke it (a new job wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait after the first failed attempt; it doubles after each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A running job's claim lasts this long and is renewed every third of it; a job whose claim runs out (its
    /// server died) is taken again by any processor, counted as a failed attempt.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Set by the server, not by configuration: a single server (embedded mode) owns every job it left
    /// processing, so at start it takes them back at once instead of waiting for their claims to run out.
    /// </summary>
    public bool ReclaimAtStart { get; set; }

    /// <summary>Every problem with these settings at once, each naming its configuration key.</summary>
    public IReadOnlyList<string> Validate(int maxLiveSandboxes)
    {
        var problems = new List<string>();
        if (MaxConcurrentJobs < 0)
        {
            problems.Add($"Ash:Queue:MaxConcurrentJobs must be 0 (the queue does not run here) or more (got {MaxConcurrentJobs})");
        }

        if (ReservedSandboxes < 0 || ReservedSandboxes >= maxLiveSandboxes)
        {
            problems.Add($"Ash:Queue:ReservedSandboxes must be from 0 to Ash:Sessions:MaxLiveSandboxes - 1 ({maxLiveSandboxes - 1}) (got {ReservedSandboxes})");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"Ash:Queue:PollInterval must be positive (got {PollInterval})");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            problems.Add($"Ash:Queue:RetryBaseDelay must not be negative and Ash:Queue:RetryMaxDelay not below it (got {RetryBaseDelay} and {RetryMaxDelay})");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(3))
        {
            problems.Add($"Ash:Queue:LeaseDuration must be at least 3 seconds (got {LeaseDuration})");
        }

        return problems;
    }
}

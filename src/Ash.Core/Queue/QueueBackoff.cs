namespace Ash.Core.Queue;

/// <summary>
/// When a failed job may run again: base·2^(n−1) after its n-th failed attempt, capped (Ash's schedule:
/// 5 s, 10 s, 20 s, … up to 5 min).
/// </summary>
public static class QueueBackoff
{
    public static TimeSpan After(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        if (failedAttempts < 1)
        {
            return TimeSpan.Zero;
        }

        // Past 2^20 times the base every delay is the cap; stop doubling before the ticks overflow.
        var factor = 1L << Math.Min(failedAttempts - 1, 20);
        var ticks = baseDelay.Ticks > maxDelay.Ticks / factor ? maxDelay.Ticks : baseDelay.Ticks * factor;
        return TimeSpan.FromTicks(Math.Min(ticks, maxDelay.Ticks));
    }
}

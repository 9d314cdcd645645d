using Microsoft.Extensions.Time.Testing;

namespace Ash.Testing.Common;

/// <summary>Fake time for code whose timer is armed on another thread, at a moment the test cannot see.</summary>
public static class FakeTimeSteps
{
    /// <summary>
    /// Moves <paramref name="time"/> on by <paramref name="step"/> until <paramref name="work"/> completes (a timer armed
    /// after a step fires at a later one), giving the work's threads a moment between steps; fails after
    /// <see cref="Eventually.DefaultTimeout"/> of real time.
    /// </summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, Task work, TimeSpan step)
    {
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (!work.IsCompleted)
        {
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The work did not complete within {Eventually.DefaultTimeout.TotalSeconds:0} s while fake time moved on by {step} at a time");
            }

            time.Advance(step);
            await Task.WhenAny(work, Task.Delay(20, CancellationToken.None));
        }
    }
}

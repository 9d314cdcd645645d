using System.Diagnostics;

namespace Ash.Testing.Common;

/// <summary>
/// Waits for something another thread or process brings about. One place for the polling interval and the default
/// timeout, so a slow machine is a matter of one constant, and a failure says what was awaited.
/// </summary>
public static class Eventually
{
    /// <summary>How long a test waits for work it started before it fails; generous, as the machines are shared.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Returns once <paramref name="condition"/> holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after the timeout.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);

    /// <inheritdoc cref="TrueAsync(Func{bool}, string, TimeSpan?)"/>
    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        TrueAsync(condition, () => what, timeout);

    /// <inheritdoc cref="TrueAsync(Func{Task{bool}}, Func{string}, TimeSpan?)"/>
    public static Task TrueAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);

    /// <summary>As the others, with the failure's text made when it fails (to say what was seen last).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what()}");
            }

            await Task.Delay(Interval);
        }
    }
}

using System.Globalization;
using System.Threading.RateLimiting;

namespace Ash.Server.RateLimits;

/// <summary>
/// One token bucket: it holds up to <see cref="Burst"/> requests and refills with <see cref="PermitsPerPeriod"/>
/// every <see cref="Period"/>. There is no "unlimited" value: a limit that should not bind is set high, and
/// <c>Ash:RateLimits:Enabled</c> false turns all of them off.
/// </summary>
public sealed class TokenBucketLimit
{
    /// <summary>
    /// The partitioned limiter refills its buckets on a 100 ms timer (System.Threading.RateLimiting), so a
    /// shorter period would refill no faster than this.
    /// </summary>
    public static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(1);

    public int PermitsPerPeriod { get; set; }

    public int Burst { get; set; }

    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Problems with this limit, each naming its key under <paramref name="section"/> (e.g. <c>Ash:RateLimits:Key:Writes</c>).</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (PermitsPerPeriod < 1)
        {
            yield return $"{section}:PermitsPerPeriod must be at least 1 (got {PermitsPerPeriod}); to lift the limits, set Ash:RateLimits:Enabled to false";
        }

        if (Burst < Math.Max(1, PermitsPerPeriod))
        {
            yield return $"{section}:Burst must be at least 1 and at least {section}:PermitsPerPeriod ({PermitsPerPeriod}): the bucket holds the burst, and a smaller one caps each period at it (got {Burst})";
        }

        if (Period < MinPeriod || Period > MaxPeriod)
        {
            yield return $"{section}:Period must be between {MinPeriod:c} and {MaxPeriod:c} (got {Period:c})";
        }
    }

    /// <summary>The limit as a person reads it, for the 429 message: "50 per 1 s, bursts of up to 500".</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"{PermitsPerPeriod} per {Period.TotalSeconds:0.###} s, bursts of up to {Burst}");

    internal TokenBucketRateLimiterOptions ToLimiterOptions() => new()
    {
        TokenLimit = Burst,
        TokensPerPeriod = PermitsPerPeriod,
        ReplenishmentPeriod = Period,

        // Nothing waits in a queue: a request over the limit is answered 429 at once, and the client retries.
        QueueLimit = 0,

        // The partitioned limiter replenishes every bucket it holds from its own timer.
        AutoReplenishment = false,
    };
}

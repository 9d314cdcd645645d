namespace Ash.Server.RateLimits;

/// <summary>
/// Rate limits on the tenant API (section <c>Ash:RateLimits</c>, docs/operations.md, "Rate limits"): a token bucket per API
/// key and one per tenant, each for writes and for reads. A request must pass both its key's bucket and its
/// tenant's, so a tenant cannot multiply its share by making more keys. The defaults sit far above what a person
/// or a well-behaved client sends and stop runaway loops; lower them for shared servers. The test suite's busiest
/// tests stay well inside them: 200 requests at once from one key (50 of them writes), and four loops writing
/// through a PostgreSQL restart (about 370 writes and as many reads in 15 s). The buckets live in memory: on Dapr
/// each api replica keeps its own.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Ash:RateLimits";

    /// <summary>False turns every limit off (<c>Ash:RateLimits:Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Each API key's own buckets.</summary>
    public RequestLimits Key { get; set; } = new()
    {
        Writes = new TokenBucketLimit { PermitsPerPeriod = 50, Burst = 500 },
        Reads = new TokenBucketLimit { PermitsPerPeriod = 200, Burst = 2000 },
    };

    /// <summary>The buckets all keys of one tenant share.</summary>
    public RequestLimits Tenant { get; set; } = new()
    {
        Writes = new TokenBucketLimit { PermitsPerPeriod = 100, Burst = 1000 },
        Reads = new TokenBucketLimit { PermitsPerPeriod = 400, Burst = 4000 },
    };

    /// <summary>Every problem at once, each naming its configuration key; none when the limits are off.</summary>
    public IReadOnlyList<string> Validate() =>
        Enabled ? [.. Key.Validate(Section + ":Key"), .. Tenant.Validate(Section + ":Tenant")] : [];
}

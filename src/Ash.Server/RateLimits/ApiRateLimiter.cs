using System.Threading.RateLimiting;
using Ash.Server.Auth;

namespace Ash.Server.RateLimits;

/// <summary>
/// The limiter in front of every tenant route (issue 14): the caller's key bucket first, then its tenant's, both
/// token buckets from System.Threading.RateLimiting. The key comes first so that a key over its own limit is
/// refused without spending its tenant's share (the tenant's other keys keep it). Only routes that take a tenant
/// key are limited, and only once authentication has named the key: a request without a valid key was answered
/// 401 before it got here, so it spends no real key's permits and makes no bucket. Health, the admin API and
/// Dapr's routes pass untouched.
/// </summary>
internal sealed partial class ApiRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private static readonly object RefusalItem = new();

    private readonly RateLimitOptions _options;
    private readonly ILogger<ApiRateLimiter> _logger;
    private readonly PartitionedRateLimiter<Bucket> _buckets;

    public ApiRateLimiter(RateLimitOptions options, ILogger<ApiRateLimiter> logger)
    {
        _options = options;
        _logger = logger;

        // A bucket is made on a key's first request; the partitioned limiter drops one that has stayed full
        // (idle) for a few seconds, so memory follows the keys in use. Both delegates are made once: this runs per request.
        Func<Bucket, RateLimiter> create = bucket => new TokenBucketRateLimiter(LimitOf(bucket.Scope, bucket.Kind).ToLimiterOptions());
        _buckets = PartitionedRateLimiter.Create<Bucket, Bucket>(bucket => new RateLimitPartition<Bucket>(bucket, create));
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext context, int permitCount)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresApiKey>() is null)
        {
            return HeldLeases.None;
        }

        var caller = ApiCaller.Of(context);
        var kind = RequestKinds.Of(context.Request.Method);
        var key = _buckets.AttemptAcquire(Bucket.OfKey(kind, caller.KeyId), permitCount);
        if (!key.IsAcquired)
        {
            return Refuse(context, RateLimitScope.Key, kind, key);
        }

        var tenant = _buckets.AttemptAcquire(Bucket.OfTenant(kind, caller.TenantId), permitCount);
        if (!tenant.IsAcquired)
        {
            key.Dispose();
            return Refuse(context, RateLimitScope.Tenant, kind, tenant);
        }

        return new HeldLeases(key, tenant);
    }

    /// <summary>
    /// ASP.NET Core's middleware calls this after <see cref="AttemptAcquireCore"/> failed, to wait in a queue.
    /// Nothing queues here, and trying again would spend another of the key's permits when its tenant refused:
    /// the request keeps the refusal it got.
    /// </summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext context, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.Items.TryGetValue(RefusalItem, out var refused) && refused is RateLimitRefusal refusal
            ? refusal
            : AttemptAcquireCore(context, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buckets.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore() => _buckets.DisposeAsync();

    private TokenBucketLimit LimitOf(RateLimitScope scope, RequestKind kind) =>
        (scope == RateLimitScope.Key ? _options.Key : _options.Tenant).For(kind);

    private RateLimitRefusal Refuse(HttpContext context, RateLimitScope scope, RequestKind kind, RateLimitLease refused)
    {
        var limit = LimitOf(scope, kind);
        var retryAfter = refused.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : limit.Period;
        refused.Dispose();
        var refusal = new RateLimitRefusal(scope, kind, limit, retryAfter);
        context.Items[RefusalItem] = refusal;
        var caller = ApiCaller.Of(context);
        Refused(_logger, RequestKinds.Name(kind), scope, caller.TenantId, caller.KeyId);
        return refusal;
    }

    [LoggerMessage(EventId = 4401, Level = LogLevel.Debug, Message = "Refused {Kind} over the {Scope} rate limit (tenant {TenantId}, key {KeyId})")]
    private static partial void Refused(ILogger logger, string kind, RateLimitScope scope, string tenantId, Guid keyId);

    /// <summary>One bucket: a key's (by its id) or a tenant's (by its id), for writes or for reads.</summary>
    private readonly record struct Bucket(RateLimitScope Scope, RequestKind Kind, Guid KeyId, string? TenantId)
    {
        public static Bucket OfKey(RequestKind kind, Guid keyId) => new(RateLimitScope.Key, kind, keyId, null);

        public static Bucket OfTenant(RequestKind kind, string tenantId) => new(RateLimitScope.Tenant, kind, Guid.Empty, tenantId);
    }
}

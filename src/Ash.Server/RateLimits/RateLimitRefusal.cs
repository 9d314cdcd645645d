using System.Threading.RateLimiting;
using Ash.Server.Errors;

namespace Ash.Server.RateLimits;

/// <summary>
/// A request refused by one bucket: which one (scope, kind and its settings) and when a permit will be there
/// again. It is the lease the limiter hands the middleware, which passes it to <see cref="WriteAsync"/>.
/// </summary>
internal sealed class RateLimitRefusal(RateLimitScope scope, RequestKind kind, TokenBucketLimit limit, TimeSpan retryAfter) : RateLimitLease
{
    public const string Code = "rate_limited";

    public RateLimitScope Scope => scope;

    public RequestKind Kind => kind;

    public TimeSpan RetryAfter => retryAfter;

    public override bool IsAcquired => false;

    public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
        return metadata is not null;
    }

    /// <summary>"Too many writes for this API key (limit: 50 per 1 s, bursts of up to 500); retry after 1 s".</summary>
    public string Message()
    {
        var whose = scope == RateLimitScope.Key ? "this API key" : "this tenant (shared by all its API keys)";
        return $"Too many {RequestKinds.Name(kind)} for {whose} (limit: {limit.Describe()}); retry after {ErrorResult.RetryAfterSeconds(retryAfter)} s";
    }

    /// <summary>The 429 in the API's error shape, with Retry-After (whole seconds, at least 1).</summary>
    public static ValueTask WriteAsync(Microsoft.AspNetCore.RateLimiting.OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        if (rejected.Lease is not RateLimitRefusal refusal)
        {
            // Only our limiter runs (no endpoint policies), and it refuses with a RateLimitRefusal.
            throw new InvalidOperationException($"Unexpected rate limit lease {rejected.Lease.GetType().Name}");
        }

        var result = ApiErrors.Create(StatusCodes.Status429TooManyRequests, Code, refusal.Message()).WithRetryAfter(refusal.RetryAfter);
        return new ValueTask(result.ExecuteAsync(rejected.HttpContext));
    }
}

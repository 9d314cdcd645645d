namespace Ash.Server.RateLimits;

/// <summary>The two buckets of one caller (an API key, or a tenant): requests that change something, and reads.</summary>
public sealed class RequestLimits
{
    /// <summary>POST, PUT, PATCH and DELETE: session creation, message sends, queue enqueues, exec, and every other change.</summary>
    public TokenBucketLimit Writes { get; set; } = new();

    /// <summary>GET (and HEAD): listings, history, files, and opening an SSE stream (counted once, at open).</summary>
    public TokenBucketLimit Reads { get; set; } = new();

    public TokenBucketLimit For(RequestKind kind) => kind == RequestKind.Writes ? Writes : Reads;

    public IEnumerable<string> Validate(string section) =>
        Writes.Validate(section + ":Writes").Concat(Reads.Validate(section + ":Reads"));
}

using System.Threading.RateLimiting;

namespace Ash.Server.RateLimits;

/// <summary>
/// The permits a request was granted (its key's and its tenant's), or none for a request no limit applies to.
/// Token bucket permits are spent, not returned, so disposing them gives nothing back; it is done for form.
/// </summary>
internal sealed class HeldLeases(params RateLimitLease[] leases) : RateLimitLease
{
    /// <summary>Shared by every unlimited request: it holds nothing, so the middleware may dispose it any number of times.</summary>
    public static readonly HeldLeases None = new();

    public override bool IsAcquired => true;

    public override IEnumerable<string> MetadataNames => [];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = null;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}

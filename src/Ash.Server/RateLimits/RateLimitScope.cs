namespace Ash.Server.RateLimits;

/// <summary>Whose bucket refused a request: the API key's own, or the one all keys of its tenant share.</summary>
public enum RateLimitScope
{
    Key,
    Tenant,
}

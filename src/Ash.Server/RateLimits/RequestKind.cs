namespace Ash.Server.RateLimits;

/// <summary>Which bucket a request draws from: decided by its method alone (<see cref="RequestKinds"/>), so a route added later is covered too.</summary>
public enum RequestKind
{
    Reads,
    Writes,
}

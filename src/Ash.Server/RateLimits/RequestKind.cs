namespace Ash.Server.RateLimits;

/// <summary>Which bucket a request draws from: decided by its method alone, so a route added later is covered too.</summary>
public enum RequestKind
{
    Reads,
    Writes,
}

internal static class RequestKinds
{
    public static RequestKind Of(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? RequestKind.Reads : RequestKind.Writes;

    public static string Name(RequestKind kind) => kind == RequestKind.Writes ? "writes" : "reads";
}

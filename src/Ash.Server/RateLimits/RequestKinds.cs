namespace Ash.Server.RateLimits;

internal static class RequestKinds
{
    /// <summary>GET, HEAD and OPTIONS read; every other method (POST, PUT, PATCH, DELETE) changes something.</summary>
    public static RequestKind Of(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? RequestKind.Reads : RequestKind.Writes;

    public static string Name(RequestKind kind) => kind == RequestKind.Writes ? "writes" : "reads";
}

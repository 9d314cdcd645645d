namespace Ash.Testing.DaprSidecar.Hosting;

/// <summary>Headers that describe one HTTP hop (or the sidecar's own auth) and so are never relayed.</summary>
internal static class HopByHopHeaders
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Expect",
        "Proxy-Authorization", "Proxy-Authenticate", "Content-Length", "Server", "Date", ApiTokenCheck.HeaderName,
    };

    public static bool Contains(string name) => Names.Contains(name);
}

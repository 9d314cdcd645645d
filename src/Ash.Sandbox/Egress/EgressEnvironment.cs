using System.Globalization;

namespace Ash.Sandbox.Egress;

/// <summary>
/// The proxy variables that send a sandbox's HTTP(S) clients to its egress proxy (both spellings: curl
/// reads only the lower-case http_proxy), with loopback exempt so the model proxy stays direct.
/// </summary>
public static class EgressEnvironment
{
    public static void AddTo(IDictionary<string, string> environment, int port)
    {
        var proxy = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        foreach (var name in new[] { "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy" })
        {
            environment[name] = proxy;
        }

        environment["NO_PROXY"] = "127.0.0.1,localhost";
        environment["no_proxy"] = "127.0.0.1,localhost";
    }
}

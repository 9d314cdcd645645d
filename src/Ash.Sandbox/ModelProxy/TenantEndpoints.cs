using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// Where a tenant may point the model proxy (a <c>custom</c> credential's <c>baseUrl</c>, issue 13): https on a
/// public address, so a tenant cannot make the server's proxy reach the server's own neighbours — its Dapr sidecar,
/// the database, a cloud metadata service — with requests it shapes. Endpoints the operator lists in
/// <see cref="ModelProxyLimits.PrivateEndpoints"/> are exempt. A name is judged by the addresses it resolves to when
/// the proxy connects (<see cref="TenantEndpointConnector"/>), so a name re-pointed after the check gains nothing.
/// </summary>
public sealed class TenantEndpoints(IEnumerable<string> privateEndpoints)
{
    private readonly HashSet<string> _allowed = new(privateEndpoints.Select(e => e.Trim()), StringComparer.OrdinalIgnoreCase);

    /// <summary>True for the operator's own endpoints: any address and plain http are allowed for them.</summary>
    public bool IsAllowListed(string host, int port) =>
        _allowed.Contains(host) || _allowed.Contains(string.Create(CultureInfo.InvariantCulture, $"{Unbracketed(host)}:{port}"))
        || _allowed.Contains(string.Create(CultureInfo.InvariantCulture, $"{host}:{port}"));

    /// <summary>Why <paramref name="baseUrl"/> may not be a tenant's endpoint, as far as can be told without resolving it; null when it may.</summary>
    public string? RefusalFor(Uri baseUrl)
    {
        if (IsAllowListed(baseUrl.Host, baseUrl.Port))
        {
            return null;
        }

        if (baseUrl.Scheme != Uri.UriSchemeHttps)
        {
            return "'baseUrl' must be https: the credential's key is sent to it";
        }

        var host = Unbracketed(baseUrl.Host);
        if (IPAddress.TryParse(host, out var address) ? !IsPublic(address) : IsLocalName(host))
        {
            return $"'baseUrl' names '{baseUrl.Host}', a loopback, private or link-local address this server's proxy does not reach for tenants";
        }

        return null;
    }

    /// <summary>
    /// An address on the public internet: not loopback, private (RFC 1918, unique-local), shared (100.64/10), link-local
    /// (cloud metadata services live there), multicast, unspecified or reserved.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && b[1] is 18 or 19));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b)
        {
            // NAT64 (64:ff9b::/96): judged by the IPv4 address it carries.
            return IsPublic(new IPAddress(bytes.AsSpan(12, 4)));
        }

        return !(address.Equals(IPAddress.IPv6Loopback)
            || address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast
            || (bytes[0] & 0xfe) == 0xfc);
    }

    /// <summary>A <c>host</c> or <c>host:port</c> as <see cref="ModelProxyLimits.PrivateEndpoints"/> takes them.</summary>
    public static bool IsEndpointName(string endpoint) =>
        !string.IsNullOrWhiteSpace(endpoint) && Uri.TryCreate("http://" + endpoint.Trim(), UriKind.Absolute, out var url)
        && url.PathAndQuery == "/" && url.UserInfo.Length == 0;

    private static bool IsLocalName(string host)
    {
        // "localhost." is the same name, fully qualified.
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static string Unbracketed(string host) => host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
}

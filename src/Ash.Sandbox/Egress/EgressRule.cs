using System.Net;

namespace Ash.Sandbox.Egress;

/// <summary>
/// One allowlist entry: an exact host name, a <c>*.</c> wildcard (subdomains only), or an IP literal;
/// with one port, or ports 443 and 80 when none is given.
/// </summary>
public sealed record EgressRule
{
    private EgressRule(string entry, string? host, string? suffix, IPAddress? address, int? port)
    {
        Entry = entry;
        Host = host;
        Suffix = suffix;
        Address = address;
        Port = port;
    }

    /// <summary>The entry as written.</summary>
    public string Entry { get; }

    /// <summary>Lower-case host name for an exact-name rule.</summary>
    public string? Host { get; }

    /// <summary>For <c>*.example.com</c>: <c>.example.com</c>.</summary>
    public string? Suffix { get; }

    /// <summary>For an IP-literal rule: the address, which may then be private or loopback.</summary>
    public IPAddress? Address { get; }

    /// <summary>The one port allowed, or null for the default ports 443 and 80.</summary>
    public int? Port { get; }

    internal static EgressRule ForHost(string entry, string host, int? port) => new(entry, host, null, null, port);

    internal static EgressRule ForSubdomainsOf(string entry, string domain, int? port) => new(entry, null, "." + domain, null, port);

    internal static EgressRule ForAddress(string entry, IPAddress address, int? port) => new(entry, null, null, address, port);

    internal bool AllowsPort(int port) => Port is { } only ? port == only : port is 443 or 80;

    internal bool MatchesName(string host) =>
        Host is not null ? string.Equals(Host, host, StringComparison.Ordinal)
        : Suffix is not null && host.Length > Suffix.Length && host.EndsWith(Suffix, StringComparison.Ordinal);

    internal bool MatchesAddress(IPAddress address) => Address is not null && Address.Equals(address);
}

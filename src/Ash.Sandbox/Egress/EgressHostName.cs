using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ash.Sandbox.Egress;

/// <summary>
/// Host names and IP literals as the egress proxy accepts them, in allowlist entries and in requests
/// alike: DNS names of letters, digits, '-' and '_' (lower-cased, a trailing dot dropped), dotted-quad
/// IPv4, and IPv6 in brackets. Numeric shorthands (<c>2130706433</c>, <c>0x7f.1</c>) are neither.
/// </summary>
internal static class EgressHostName
{
    public const int MaxLength = 253;

    /// <summary>Splits <c>host</c>, <c>host:port</c>, <c>[v6]</c> or <c>[v6]:port</c>; null with a problem when malformed.</summary>
    public static (string Host, int? Port)? SplitAuthority(string authority, out string problem)
    {
        string host;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                problem = "has '[' without a closing ']'";
                return null;
            }

            host = authority[..(close + 1)];
            var rest = authority[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    problem = "has text after ']' that is not ':port'";
                    return null;
                }

                portText = rest[1..];
            }
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && authority.IndexOf(':', colon + 1) >= 0)
            {
                problem = "looks like an IPv6 address: write it in brackets, e.g. [2001:db8::1]:443";
                return null;
            }

            host = colon >= 0 ? authority[..colon] : authority;
            portText = colon >= 0 ? authority[(colon + 1)..] : null;
        }

        int? port = null;
        if (portText is not null)
        {
            if (portText.Length is 0 or > 5 || !portText.All(char.IsAsciiDigit)
                || int.Parse(portText, CultureInfo.InvariantCulture) is < 1 or > 65535)
            {
                problem = "has a port that is not a number from 1 to 65535";
                return null;
            }

            port = int.Parse(portText, CultureInfo.InvariantCulture);
        }

        problem = string.Empty;
        return (host, port);
    }

    /// <summary>The IP address of a dotted-quad or bracketed IPv6 literal; IPv4-mapped IPv6 becomes IPv4.</summary>
    public static IPAddress? ParseLiteral(string host)
    {
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            var inner = host[1..^1];
            if (inner.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(inner, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return null;
            }

            return v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
        }

        var parts = host.Split('.');
        if (parts.Length != 4 || !parts.All(part => part.Length is >= 1 and <= 3 && part.All(char.IsAsciiDigit)))
        {
            return null;
        }

        return IPAddress.TryParse(host, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork ? v4 : null;
    }

    /// <summary>The lower-cased name without a trailing dot, or null with a problem when it is not a DNS name.</summary>
    public static string? NormalizeName(string host, out string problem)
    {
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length is 0 or > MaxLength)
        {
            problem = name.Length == 0 ? "has an empty host name" : $"has a host name longer than {MaxLength} characters";
            return null;
        }

        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                problem = "is not a valid host name (letters, digits, '-' and '_' in dot-separated labels of 1 to 63 characters)";
                return null;
            }
        }

        if (labels[^1].All(char.IsAsciiDigit))
        {
            problem = "is neither a dotted-quad IPv4 address nor a host name";
            return null;
        }

        problem = string.Empty;
        return name.ToLowerInvariant();
    }
}

using System.Net;
using System.Text;

namespace Ash.Sandbox.Egress;

/// <summary>
/// One proxy request from the agent: <c>CONNECT host:port</c> (a tunnel, for HTTPS) or a plain-HTTP
/// request with an absolute URI (<c>GET http://host[:port]/path HTTP/1.1</c>). Parsed strictly: one
/// space between the three parts of the request line, HTTP/1.0 or 1.1, no folded header lines.
/// </summary>
internal sealed record EgressRequest(
    string Method,
    string Host,
    IPAddress? Literal,
    int Port,
    string PathAndQuery,
    string Version,
    IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public bool IsConnect => Method == "CONNECT";

    /// <summary>How the target appears in logs and answers: <c>host:port</c>, IPv6 in brackets.</summary>
    public string Target => Literal is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses the head (everything before the blank line); null with a short reason when it is not acceptable.</summary>
    public static EgressRequest? Parse(ReadOnlySpan<byte> head, out string problem)
    {
        // Latin-1 keeps every byte as one char, so obs-text in header values survives and nothing is lost.
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !IsToken(parts[0]) || parts[1].Length == 0 || parts[2] is not ("HTTP/1.1" or "HTTP/1.0")
            || parts[1].Any(c => c <= ' ' || c >= '\x7f'))
        {
            problem = "malformed request line";
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IsToken(line[..colon]) || line.Contains('\r', StringComparison.Ordinal) || line.Contains('\n', StringComparison.Ordinal)
                || line.Contains('\0', StringComparison.Ordinal))
            {
                problem = "malformed header line";
                return null;
            }

            headers.Add(new(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        var method = parts[0];
        var target = parts[1];
        string authority;
        string pathAndQuery;
        int defaultPort;
        if (method == "CONNECT")
        {
            authority = target;
            pathAndQuery = string.Empty;
            defaultPort = 0;
        }
        else if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = target["http://".Length..];
            var end = rest.IndexOfAny(['/', '?', '#']);
            authority = end >= 0 ? rest[..end] : rest;
            pathAndQuery = end >= 0 ? rest[end..] : "/";
            var fragment = pathAndQuery.IndexOf('#', StringComparison.Ordinal);
            pathAndQuery = fragment >= 0 ? pathAndQuery[..fragment] : pathAndQuery;
            pathAndQuery = pathAndQuery.StartsWith('?') ? "/" + pathAndQuery : pathAndQuery;
            defaultPort = 80;
        }
        else
        {
            problem = target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? "an https:// URI must go through CONNECT"
                : "the egress proxy takes CONNECT host:port or an absolute http:// URI";
            return null;
        }

        if (authority.Contains('@', StringComparison.Ordinal) || EgressHostName.SplitAuthority(authority, out _) is not { } split)
        {
            problem = "malformed host or port";
            return null;
        }

        var (host, port) = split;
        if (port is null && defaultPort == 0)
        {
            problem = "CONNECT needs host:port";
            return null;
        }

        var literal = EgressHostName.ParseLiteral(host);
        string? name = literal is null ? EgressHostName.NormalizeName(host, out _) : null;
        if (literal is null && name is null)
        {
            problem = "malformed host";
            return null;
        }

        problem = string.Empty;
        return new EgressRequest(method, name ?? literal!.ToString(), literal, port ?? defaultPort, pathAndQuery, parts[2], headers);
    }

    private static bool IsToken(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }
}

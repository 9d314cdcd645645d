using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Ash.Sandbox.Egress;

/// <summary>
/// An agent's egress allowlist. Entries: <c>api.github.com</c> (that host), <c>*.pypi.org</c>
/// (any subdomain, not pypi.org itself), <c>203.0.113.7</c> or <c>[2001:db8::1]</c> (that address),
/// each with an optional <c>:port</c>; without one, ports 443 and 80. Everything else is denied.
/// Host names must also resolve to public addresses; only an IP-literal entry lets a connection reach
/// a private, loopback or link-local address, and only the one it names.
/// </summary>
public sealed class EgressPolicy
{
    private readonly EgressRule[] _rules;

    private EgressPolicy(EgressRule[] rules) => _rules = rules;

    /// <summary>No egress at all.</summary>
    public static EgressPolicy DenyAll { get; } = new([]);

    public IReadOnlyList<EgressRule> Rules => _rules;

    /// <summary>Parses every entry; on failure <paramref name="problems"/> names each bad entry and why.</summary>
    public static bool TryParse(IEnumerable<string> entries, [NotNullWhen(true)] out EgressPolicy? policy, out IReadOnlyList<string> problems)
    {
        var rules = new List<EgressRule>();
        var found = new List<string>();
        var index = 0;
        foreach (var entry in entries)
        {
            index++;
            if (ParseEntry(entry, out var problem) is { } rule)
            {
                rules.Add(rule);
            }
            else
            {
                found.Add($"egress allowlist entry {index} '{Printable(entry)}' {problem}.");
            }
        }

        problems = found;
        policy = found.Count == 0 ? new EgressPolicy([.. rules]) : null;
        return policy is not null;
    }

    /// <summary>The problems of each bad entry (empty when all are valid), for options validation.</summary>
    public static IReadOnlyList<string> Validate(IEnumerable<string> entries)
    {
        TryParse(entries, out _, out var problems);
        return problems;
    }

    /// <summary>True when a named rule (exact or wildcard) covers <paramref name="host"/> (normalized) on <paramref name="port"/>.</summary>
    internal bool AllowsName(string host, int port)
    {
        foreach (var rule in _rules)
        {
            if (rule.MatchesName(host) && rule.AllowsPort(port))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when an IP-literal rule names exactly <paramref name="address"/> on <paramref name="port"/>.</summary>
    internal bool AllowsAddress(IPAddress address, int port)
    {
        foreach (var rule in _rules)
        {
            if (rule.MatchesAddress(address) && rule.AllowsPort(port))
            {
                return true;
            }
        }

        return false;
    }

    private static EgressRule? ParseEntry(string entry, out string problem)
    {
        var text = entry.Trim();
        if (text.Length == 0)
        {
            problem = "is empty";
            return null;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            problem = "is a URL; give only the host, e.g. 'api.github.com' or 'api.github.com:8443'";
            return null;
        }

        if (text.IndexOfAny(['/', '?', '#', '@', ' ', '\t']) >= 0)
        {
            problem = "must be a host name or IP address with an optional ':port', without path or user";
            return null;
        }

        if (EgressHostName.SplitAuthority(text, out problem) is not { } authority)
        {
            return null;
        }

        var (host, port) = authority;
        if (host.StartsWith('['))
        {
            if (EgressHostName.ParseLiteral(host) is { } v6)
            {
                return EgressRule.ForAddress(entry, v6, port);
            }

            problem = "has an invalid IPv6 address in brackets";
            return null;
        }

        if (EgressHostName.ParseLiteral(host) is { } v4)
        {
            return EgressRule.ForAddress(entry, v4, port);
        }

        var wildcard = host.StartsWith("*.", StringComparison.Ordinal);
        var name = wildcard ? host[2..] : host;
        if (name.Contains('*', StringComparison.Ordinal))
        {
            problem = "may use '*' only as the whole first label, as in '*.example.com'";
            return null;
        }

        if (EgressHostName.NormalizeName(name, out problem) is not { } normalized)
        {
            return null;
        }

        if (wildcard && !normalized.Contains('.', StringComparison.Ordinal))
        {
            problem = "is a wildcard over a whole top-level domain; name at least a second-level domain, as in '*.example.com'";
            return null;
        }

        return wildcard ? EgressRule.ForSubdomainsOf(entry, normalized, port) : EgressRule.ForHost(entry, normalized, port);
    }

    private static string Printable(string entry)
    {
        var shown = entry.Length > 80 ? entry[..80] + "…" : entry;
        return string.Create(shown.Length, shown, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}

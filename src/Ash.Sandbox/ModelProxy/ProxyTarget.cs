using System.Text;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// A request target reduced to its one canonical form: the path with every percent-escape decoded, dot
/// segments resolved and empty segments dropped, and the query as decoded name/value pairs. The allowlist
/// checks this form and only this form is forwarded, never the raw target, so no spelling of a path
/// (<c>/v1/../admin</c>, <c>/v1/%2e%2e/admin</c>, <c>/v1//messages</c>) can mean one thing to the check and
/// another to the upstream. What has no honest use in a call to the model is refused outright:
/// absolute-form and authority-form targets, fragments, backslashes, encoded slashes and backslashes,
/// double encoding, control and non-ASCII bytes, a path that climbs above the root, and path characters
/// other than letters, digits and <c>-._~:</c> (the colon is in Bedrock model ids, <c>…-v1:0</c>).
/// </summary>
internal sealed record ProxyTarget(string Path, IReadOnlyList<KeyValuePair<string, string>> Query)
{
    /// <summary>The canonical target, or null with what is wrong with <paramref name="raw"/>.</summary>
    public static ProxyTarget? Normalise(string raw, out string problem)
    {
        problem = string.Empty;
        if (!raw.StartsWith('/'))
        {
            problem = "the request target must be a path (absolute-form, authority-form and '*' targets are refused)";
            return null;
        }

        foreach (var character in raw)
        {
            if (character is < '!' or > '~')
            {
                problem = "the request target holds a space, a control or a non-ASCII character";
                return null;
            }

            if (character is '#' or '\\')
            {
                problem = character == '#' ? "the request target holds a fragment" : "the request target holds a backslash";
                return null;
            }
        }

        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? raw : raw[..question];
        var rawQuery = question < 0 ? string.Empty : raw[(question + 1)..];

        if (CanonicalPath(rawPath, out problem) is not { } path || ParseQuery(rawQuery, out problem) is not { } query)
        {
            return null;
        }

        return new ProxyTarget(path, query);
    }

    /// <summary>The path and query as forwarded: the query re-encoded from its decoded pairs.</summary>
    public string PathAndQuery
    {
        get
        {
            if (Query.Count == 0)
            {
                return Path;
            }

            var builder = new StringBuilder(Path).Append('?');
            for (var i = 0; i < Query.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append('&');
                }

                builder.Append(Uri.EscapeDataString(Query[i].Key)).Append('=').Append(Uri.EscapeDataString(Query[i].Value));
            }

            return builder.ToString();
        }
    }

    private static string? CanonicalPath(string rawPath, out string problem)
    {
        var segments = new List<string>();
        foreach (var rawSegment in rawPath.Split('/'))
        {
            if (Decode(rawSegment, out problem) is not { } segment)
            {
                return null;
            }

            // RFC 3986 §5.2.4 dot segments; empty segments (doubled or trailing slashes) name nothing.
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    problem = "the request path climbs above the root";
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            foreach (var character in segment)
            {
                if (!IsPathCharacter(character))
                {
                    problem = "the request path holds a character other than letters, digits and -._~:";
                    return null;
                }
            }

            segments.Add(segment);
        }

        problem = string.Empty;
        return "/" + string.Join('/', segments);
    }

    private static List<KeyValuePair<string, string>>? ParseQuery(string rawQuery, out string problem)
    {
        problem = string.Empty;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals], out problem);
            var value = Decode(equals < 0 ? string.Empty : pair[(equals + 1)..], out var valueProblem);
            if (name is null || value is null)
            {
                problem = name is null ? problem : valueProblem;
                return null;
            }

            pairs.Add(new(name, value));
        }

        return pairs;
    }

    /// <summary>Percent-decodes one segment or query part; only printable ASCII other than '/', '\' and '%' may be encoded.</summary>
    private static string? Decode(string text, out string problem)
    {
        problem = string.Empty;
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var decoded = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                decoded.Append(text[i]);
                continue;
            }

            if (i + 2 >= text.Length || !IsHex(text[i + 1]) || !IsHex(text[i + 2]))
            {
                problem = "the request target holds a '%' that is not followed by two hex digits";
                return null;
            }

            var value = (char)Convert.ToByte(text.Substring(i + 1, 2), 16);
            if (value is < '!' or > '~')
            {
                problem = "the request target encodes a space, a control or a non-ASCII byte";
                return null;
            }

            if (value is '/' or '\\' or '%' or '?' or '#')
            {
                problem = $"the request target encodes a '{value}'";
                return null;
            }

            decoded.Append(value);
            i += 2;
        }

        return decoded.ToString();
    }

    private static bool IsHex(char character) => char.IsAsciiHexDigit(character);

    private static bool IsPathCharacter(char character) => char.IsAsciiLetterOrDigit(character) || character is '-' or '.' or '_' or '~' or ':';
}

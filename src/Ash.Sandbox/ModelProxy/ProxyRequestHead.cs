using System.Text;

namespace Ash.Sandbox.ModelProxy;

/// <summary>The parsed request line and headers of one HTTP/1.1 request from the agent.</summary>
internal sealed record ProxyRequestHead(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>How many times header <paramref name="name"/> appears.</summary>
    public int Count(string name)
    {
        var count = 0;
        foreach (var (key, _) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Parses the head (everything before the blank line); null when it is not strict HTTP/1.x (RFC 9112):
    /// one space between the three parts of the request line, a token for the method and for each header
    /// name, no line folding, no bare CR or LF, no control character in a value.
    /// </summary>
    public static ProxyRequestHead? Parse(ReadOnlySpan<byte> head)
    {
        var lines = Encoding.Latin1.GetString(head).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !IsToken(requestLine[0]) || requestLine[1].Length == 0 || requestLine[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IsToken(line.AsSpan(0, colon)))
            {
                return null;
            }

            var value = line.AsSpan(colon + 1).Trim(" \t");
            foreach (var character in value)
            {
                if (character is < ' ' and not '\t' or '\x7f')
                {
                    return null;
                }
            }

            headers.Add(new(line[..colon], value.ToString()));
        }

        return new ProxyRequestHead(requestLine[0], requestLine[1], headers);
    }

    /// <summary>An RFC 9110 token (tchar+): what a method and a header name must be.</summary>
    private static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var character in text)
        {
            if (!(char.IsAsciiLetterOrDigit(character) || "!#$%&'*+-.^_`|~".Contains(character, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Text;

namespace Ash.Sandbox.ModelProxy;

/// <summary>The parsed request line and headers of one HTTP/1.1 request from the agent.</summary>
internal sealed record ProxyRequestHead(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public const int MaxHeadBytes = 64 * 1024;

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

    /// <summary>Parses the head (everything before the blank line); null when it is not valid HTTP/1.x.</summary>
    public static ProxyRequestHead? Parse(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !requestLine[1].StartsWith('/'))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, string>>(lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            headers.Add(new(lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()));
        }

        return new ProxyRequestHead(requestLine[0], requestLine[1], headers);
    }
}

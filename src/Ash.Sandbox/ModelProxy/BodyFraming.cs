using System.Globalization;

namespace Ash.Sandbox.ModelProxy;

/// <summary>How a request's body is delimited (RFC 9112 §6): by a length, by chunks, or not there at all.</summary>
internal readonly record struct BodyFraming(long? Length, bool Chunked)
{
    public static BodyFraming None => new(0, false);

    public bool HasBody => Chunked || Length > 0;

    /// <summary>
    /// The framing <paramref name="head"/> declares, or null with the refusal: 413 for a declared length over
    /// <paramref name="maxBytes"/> (before a byte of it is read); 400 for anything a proxy and the upstream
    /// could read two ways (both headers, repeated headers, a coding other than chunked, a length that is
    /// not plain digits), the ground of request smuggling.
    /// </summary>
    public static BodyFraming? From(ProxyRequestHead head, long maxBytes, out ProxyRefusal? refusal)
    {
        refusal = null;
        var encodings = head.Count("transfer-encoding");
        var lengths = head.Count("content-length");
        if (encodings > 0 && lengths > 0)
        {
            refusal = ProxyRefusal.Malformed("a request may not have both Content-Length and Transfer-Encoding");
            return null;
        }

        if (encodings > 0)
        {
            if (encodings > 1 || !string.Equals(head.Header("transfer-encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
            {
                refusal = ProxyRefusal.Malformed("the only transfer coding accepted is a single 'chunked'");
                return null;
            }

            return new BodyFraming(null, true);
        }

        if (lengths == 0)
        {
            return None;
        }

        var text = head.Header("content-length")!;
        if (lengths > 1 || text.Length is 0 or > 18 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            refusal = ProxyRefusal.Malformed("Content-Length must appear once, as digits");
            return null;
        }

        if (length > maxBytes)
        {
            refusal = ProxyRefusal.TooLarge(maxBytes);
            return null;
        }

        return new BodyFraming(length, false);
    }
}

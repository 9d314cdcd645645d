using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ash.Core.Credentials.Aws;

/// <summary>
/// AWS Signature Version 4 for a request with a known payload hash (header-based, not presigned), as described in
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html. Written on the BCL's SHA-256 and
/// HMAC-SHA256 so the model proxy can sign Bedrock requests without the AWS SDK; checked against values computed by
/// botocore's <c>SigV4Auth</c> and against AWS's own test-suite example (AwsSignatureV4Tests).
/// </summary>
/// <remarks>
/// The canonical URI is the request's path as sent, percent-encoded once more (every service but S3 double-encodes:
/// a model id's <c>:</c>, sent as <c>%3A</c>, is signed as <c>%253A</c>), which is what botocore and the AWS SDKs do.
/// </remarks>
public static class AwsSignatureV4
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// Signs <paramref name="method"/> <paramref name="url"/> with <paramref name="headers"/> (every one is signed, with
    /// <c>host</c>, <c>x-amz-date</c> and, given a session token, <c>x-amz-security-token</c>).
    /// </summary>
    /// <param name="payloadSha256">The lowercase hex SHA-256 of the body.</param>
    public static AwsSignedHeaders Sign(
        string method,
        Uri url,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string payloadSha256,
        DateTimeOffset now,
        AwsSigningCredentials credentials,
        string region,
        string service)
    {
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = amzDate[..8];

        var canonicalHeaders = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            var trimmed = CollapseSpaces(value);
            canonicalHeaders[lower] = canonicalHeaders.TryGetValue(lower, out var earlier) ? earlier + "," + trimmed : trimmed;
        }

        canonicalHeaders["host"] = url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}:{url.Port.ToString(CultureInfo.InvariantCulture)}";
        canonicalHeaders["x-amz-date"] = amzDate;
        if (credentials.SessionToken is { } token)
        {
            canonicalHeaders["x-amz-security-token"] = token;
        }

        var signedHeaders = string.Join(';', canonicalHeaders.Keys);
        var canonicalRequest = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalUri(url.AbsolutePath)).Append('\n')
            .Append(CanonicalQuery(url.Query)).Append('\n');
        foreach (var (name, value) in canonicalHeaders)
        {
            canonicalRequest.Append(name).Append(':').Append(value).Append('\n');
        }

        canonicalRequest.Append('\n').Append(signedHeaders).Append('\n').Append(payloadSha256);

        var scope = $"{day}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Sha256Hex(canonicalRequest.ToString())}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), day);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));

        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new AwsSignedHeaders(amzDate, credentials.SessionToken, authorization);
    }

    /// <summary>The lowercase hex SHA-256 of <paramref name="data"/>.</summary>
    public static string PayloadHash(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Each segment of the path as sent, percent-encoded again: unreserved characters (RFC 3986) stay, every other byte becomes %XX.</summary>
    private static string CanonicalUri(string path) => path.Length == 0 ? "/" : UriEncode(path, keepSlash: true);

    /// <summary>Name=value pairs, each part encoded, sorted by name then value.</summary>
    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = Uri.UnescapeDataString(equals < 0 ? string.Empty : part[(equals + 1)..]);
            pairs.Add((UriEncode(name, keepSlash: false), UriEncode(value, keepSlash: false)));
        }

        pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name) is var byName and not 0 ? byName : string.CompareOrdinal(a.Value, b.Value));
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            builder.Append(builder.Length == 0 ? string.Empty : "&").Append(name).Append('=').Append(value);
        }

        return builder.ToString();
    }

    private static string UriEncode(string text, bool keepSlash)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var character = (char)b;
            if (char.IsAsciiLetterOrDigit(character) || character is '-' or '.' or '_' or '~' || (keepSlash && character == '/'))
            {
                builder.Append(character);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Header values are trimmed and runs of spaces become one (the canonical form SigV4 signs).</summary>
    private static string CollapseSpaces(string value) => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}

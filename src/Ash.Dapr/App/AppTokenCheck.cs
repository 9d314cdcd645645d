using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.App;

/// <summary>
/// With <c>APP_API_TOKEN</c> set on the sidecar, daprd sends <c>dapr-api-token</c> on every call to the app
/// (dapr-http-api.md §1.4, §9.3); the routes only Dapr calls refuse anything without it (401). The check takes
/// the same time whatever was sent: both sides are hashed with SHA-256 and the digests compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither the content nor the length of the
/// token leaks through timing (comparing the raw bytes would return early on a length mismatch).
/// Without a token the check is off, which the server allows only with an explicit, logged opt-out (issue 12).
/// </summary>
public sealed class AppTokenCheck
{
    public const string Header = "dapr-api-token";

    private readonly byte[]? _expectedDigest;

    public AppTokenCheck(string? expectedToken)
    {
        _expectedDigest = string.IsNullOrEmpty(expectedToken) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(expectedToken));
    }

    public bool IsEnabled => _expectedDigest is not null;

    public bool Allows(HttpRequest request)
    {
        if (_expectedDigest is null)
        {
            return true;
        }

        // Exactly one header value: daprd sends one, and a repeated header must not be joined into a match.
        var values = request.Headers[Header];
        return values.Count == 1 && Matches(values[0]);
    }

    /// <summary>Constant time in the length and content of <paramref name="given"/>.</summary>
    public bool Matches(string? given)
    {
        if (_expectedDigest is null)
        {
            return true;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(given ?? string.Empty), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _expectedDigest) && !string.IsNullOrEmpty(given);
    }
}

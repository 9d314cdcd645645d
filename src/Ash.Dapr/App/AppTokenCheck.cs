using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.App;

/// <summary>
/// With <c>APP_API_TOKEN</c> set on the sidecar, daprd sends <c>dapr-api-token</c> on every call to the app
/// (§9.3); the endpoints only Dapr should call then refuse anything without it (401).
/// </summary>
public sealed class AppTokenCheck(string? expectedToken)
{
    private const string Header = "dapr-api-token";
    private readonly byte[]? _expected = string.IsNullOrEmpty(expectedToken) ? null : Encoding.UTF8.GetBytes(expectedToken);

    public bool IsEnabled => _expected is not null;

    public bool Allows(HttpRequest request)
    {
        if (_expected is null)
        {
            return true;
        }

        var given = request.Headers[Header].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _expected);
    }
}

using Microsoft.AspNetCore.Http;

namespace Ash.Testing.FakeModel;

/// <summary>The one key the fake accepts, sent as <c>x-api-key</c> or as an <c>Authorization: Bearer</c> token.</summary>
internal sealed class ExpectedApiKey(string value)
{
    public bool IsPresentIn(HttpRequest request)
    {
        if (request.Headers.TryGetValue("x-api-key", out var apiKey) && string.Equals(apiKey.ToString(), value, StringComparison.Ordinal))
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            && string.Equals(authorization[bearer.Length..].Trim(), value, StringComparison.Ordinal);
    }
}

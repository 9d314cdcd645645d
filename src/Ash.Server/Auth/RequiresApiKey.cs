namespace Ash.Server.Auth;

/// <summary>Endpoint metadata: <see cref="ApiKeyAuthentication"/> requires a valid API key before the endpoint runs.</summary>
public sealed class RequiresApiKey
{
    public static readonly RequiresApiKey Instance = new();

    private RequiresApiKey()
    {
    }
}

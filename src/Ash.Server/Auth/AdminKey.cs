using Ash.Core.Auth;

namespace Ash.Server.Auth;

/// <summary>
/// The admin key from <c>Ash:AdminKey</c> (<c>ASH_ADMIN_KEY</c>). It is configuration, not a stored key:
/// it belongs to no tenant, opens only the admin routes, and without it the admin API does not exist.
/// </summary>
public sealed class AdminKey(string? configured)
{
    public bool IsEnabled => !string.IsNullOrEmpty(configured);

    public bool Matches(string presented) => IsEnabled && ApiKeyHash.Matches(presented, configured!);

    /// <summary>Start-up checks (docs/security.md, "API keys and tenants").</summary>
    public static IEnumerable<string> Validate(string? adminKey, string? apiKey)
    {
        if (string.IsNullOrEmpty(adminKey))
        {
            yield break;
        }

        if (adminKey.Length < ApiKeyHash.MinConfiguredLength || adminKey.Any(char.IsWhiteSpace))
        {
            yield return $"Ash:AdminKey (ASH_ADMIN_KEY) must be at least {ApiKeyHash.MinConfiguredLength} characters without spaces (e.g. the output of 'openssl rand -hex 32')";
        }

        if (adminKey == apiKey)
        {
            yield return "Ash:AdminKey (ASH_ADMIN_KEY) must differ from Ash:ApiKey (ASH_API_KEY): the admin key is no tenant's key";
        }
    }
}

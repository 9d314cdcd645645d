namespace Ash.Server.Auth;

/// <summary>Endpoint metadata: only the admin key (<c>ASH_ADMIN_KEY</c>) reaches the endpoint; every other caller is told there is no such route.</summary>
public sealed class RequiresAdminKey
{
    public static readonly RequiresAdminKey Instance = new();

    private RequiresAdminKey()
    {
    }
}

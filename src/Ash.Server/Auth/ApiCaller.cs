using Ash.Core.Auth;

namespace Ash.Server.Auth;

/// <summary>The key a request was authenticated with (its id, never the key) and so its tenant.</summary>
public static class ApiCaller
{
    private const string ItemKey = "ash.caller";

    public static ApiKeyOwner Of(HttpContext context) =>
        context.Items[ItemKey] as ApiKeyOwner ?? throw new InvalidOperationException("Request was not authenticated");

    internal static void Set(HttpContext context, ApiKeyOwner owner)
    {
        context.Items[ItemKey] = owner;
        Tenant.Set(context, owner.TenantId);
    }
}

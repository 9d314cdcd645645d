namespace Ash.Server.Auth;

/// <summary>The authenticated tenant of a request, set by <see cref="ApiKeyAuthentication"/>.</summary>
public static class Tenant
{
    public const string Default = "default";

    private const string ItemKey = "ash.tenant";

    public static string Of(HttpContext context) =>
        context.Items[ItemKey] as string ?? throw new InvalidOperationException("Request was not authenticated");

    /// <summary>The tenant, or null when the request carried no valid tenant key (unauthenticated routes, refused requests).</summary>
    public static string? TryOf(HttpContext context) => context.Items[ItemKey] as string;

    internal static void Set(HttpContext context, string tenantId) => context.Items[ItemKey] = tenantId;
}

using Ash.Server.Errors;

namespace Ash.Server.Auth;

/// <summary>
/// Bearer authentication for every endpoint marked <see cref="RequiresApiKey"/> (a tenant's key) or
/// <see cref="RequiresAdminKey"/> (the admin key). It is middleware, not an endpoint filter, so the caller
/// is known before the endpoint binds (and so reads) its body: a request without a valid key is refused
/// whatever it carries (issue 12). The admin key is no tenant's key (401 on tenant routes), and admin
/// routes answer every other caller as an unknown route would, so the admin API cannot be found by probing.
/// <c>/metrics</c> (<see cref="RequiresMetricsKey"/>) takes the metrics token or the admin key and answers 401
/// otherwise: its existence is documented, its figures are not any tenant's.
/// Neither the key nor its hash is ever logged or echoed.
/// </summary>
public sealed class ApiKeyAuthentication(RequestDelegate next, ApiKeyLookup lookup, AdminKey adminKey, MetricsKey metricsKey)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<RequiresMetricsKey>() is not null)
        {
            await AuthenticateMetricsAsync(context);
            return;
        }

        if (metadata?.GetMetadata<RequiresAdminKey>() is not null)
        {
            if (BearerOf(context) is { } presented && adminKey.Matches(presented))
            {
                await next(context);
            }
            else
            {
                await ErrorHandling.WriteRouteNotFoundAsync(context);
            }

            return;
        }

        if (metadata?.GetMetadata<RequiresApiKey>() is null)
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            await RefuseAsync(context, "Missing Authorization header", "missing_api_key");
            return;
        }

        var key = BearerOf(context);
        if (key is null)
        {
            await RefuseAsync(context, "Invalid Authorization header format", "invalid_authorization");
            return;
        }

        var owner = await lookup.FindAsync(key, context.RequestAborted);
        if (owner is null)
        {
            await RefuseAsync(context, "Invalid API key", "invalid_api_key");
            return;
        }

        ApiCaller.Set(context, owner);
        await next(context);
    }

    private async Task AuthenticateMetricsAsync(HttpContext context)
    {
        if (!metricsKey.IsEnabled)
        {
            await RefuseAsync(context, "Metrics are off: set ASH_METRICS_TOKEN (or ASH_ADMIN_KEY) on the server and present it as a Bearer token", "metrics_disabled");
        }
        else if (context.Request.Headers.Authorization.ToString().Length == 0)
        {
            await RefuseAsync(context, "Missing Authorization header", "missing_api_key");
        }
        else if (BearerOf(context) is not { } presented)
        {
            await RefuseAsync(context, "Invalid Authorization header format", "invalid_authorization");
        }
        else if (!metricsKey.Matches(presented))
        {
            await RefuseAsync(context, "Invalid metrics token", "invalid_metrics_token");
        }
        else
        {
            await next(context);
        }
    }

    /// <summary>The key of an <c>Authorization: Bearer &lt;key&gt;</c> header (exactly two parts, as Ash splits it), or null.</summary>
    private static string? BearerOf(HttpContext context)
    {
        var parts = context.Request.Headers.Authorization.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? parts[1] : null;
    }

    private static Task RefuseAsync(HttpContext context, string message, string code) =>
        ApiErrors.Create(StatusCodes.Status401Unauthorized, code, message).ExecuteAsync(context);
}

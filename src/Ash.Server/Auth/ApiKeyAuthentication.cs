using System.Collections.Concurrent;
using Ash.Core.Auth;
using Ash.Server.Errors;

namespace Ash.Server.Auth;

/// <summary>
/// Bearer API-key authentication for every endpoint marked <see cref="RequiresApiKey"/>. It is middleware,
/// not an endpoint filter, so the caller is known before the endpoint binds (and so reads) its body: a
/// request without a valid key is a 401 whatever it carries (issue 12). Known key hashes are cached, so a
/// request costs one SHA-256 and a dictionary lookup.
/// </summary>
public sealed class ApiKeyAuthentication(RequestDelegate next, IApiKeyStore keys)
{
    private readonly ConcurrentDictionary<string, string> _tenantsByHash = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresApiKey>() is null)
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

        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, "Invalid Authorization header format", "invalid_authorization");
            return;
        }

        var hash = ApiKeyHash.Hash(parts[1]);
        if (!_tenantsByHash.TryGetValue(hash, out var tenant))
        {
            tenant = await keys.FindTenantAsync(hash, context.RequestAborted);
            if (tenant is null)
            {
                await RefuseAsync(context, "Invalid API key", "invalid_api_key");
                return;
            }

            _tenantsByHash[hash] = tenant;
        }

        Tenant.Set(context, tenant);
        await next(context);
    }

    private static Task RefuseAsync(HttpContext context, string message, string code) =>
        ApiErrors.Create(StatusCodes.Status401Unauthorized, code, message).ExecuteAsync(context);
}

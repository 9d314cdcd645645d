using System.Collections.Concurrent;
using Ash.Core.Auth;
using Ash.Server.Errors;

namespace Ash.Server.Auth;

/// <summary>
/// Bearer API-key authentication for every /api route. Known key hashes are cached, so a request
/// costs one SHA-256 and a dictionary lookup.
/// </summary>
public sealed class ApiKeyFilter(IApiKeyStore keys) : IEndpointFilter
{
    private readonly ConcurrentDictionary<string, string> _tenantsByHash = new(StringComparer.Ordinal);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return Unauthorized("Missing Authorization header", "missing_api_key");
        }

        var parts = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return Unauthorized("Invalid Authorization header format", "invalid_authorization");
        }

        var hash = ApiKeyHash.Hash(parts[1]);
        if (!_tenantsByHash.TryGetValue(hash, out var tenant))
        {
            tenant = await keys.FindTenantAsync(hash, http.RequestAborted);
            if (tenant is null)
            {
                return Unauthorized("Invalid API key", "invalid_api_key");
            }

            _tenantsByHash[hash] = tenant;
        }

        Tenant.Set(http, tenant);
        return await next(context);
    }

    private static IResult Unauthorized(string message, string code) => ApiErrors.Create(StatusCodes.Status401Unauthorized, code, message);
}

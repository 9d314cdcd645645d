using Ash.Core.Auth;
using Ash.Server.Tenants;

namespace Ash.Server.Auth;

public static class AuthServices
{
    /// <summary>
    /// Keys, revocation and the admin key. <paramref name="cacheKeys"/> only when this process is the
    /// only API server, so that every revocation passes through its cache (see <see cref="ApiKeyLookup"/>).
    /// </summary>
    public static IServiceCollection AddApiAuth(this IServiceCollection services, string? adminKey, string? metricsToken, bool cacheKeys)
    {
        services.AddSingleton(provider => new ApiKeyLookup(provider.GetRequiredService<IApiKeyStore>(), cacheKeys));
        services.AddSingleton<KeyRevocations>();
        services.AddHostedService<RevokedKeyWatch>();
        var admin = new AdminKey(adminKey);
        services.AddSingleton(admin);
        services.AddSingleton(new MetricsKey(metricsToken, admin));
        services.AddSingleton<TenantShutdown>();
        return services;
    }
}

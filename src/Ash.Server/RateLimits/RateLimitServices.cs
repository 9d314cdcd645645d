using Microsoft.AspNetCore.RateLimiting;

namespace Ash.Server.RateLimits;

public static class RateLimitServices
{
    /// <summary>The tenant API's limiter (<see cref="ApiRateLimiter"/>); nothing when <c>Ash:RateLimits:Enabled</c> is false.</summary>
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, RateLimitOptions options)
    {
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton(options);
        services.AddSingleton<ApiRateLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<ApiRateLimiter>((limiter, api) =>
        {
            limiter.GlobalLimiter = api;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RateLimitRefusal.WriteAsync;
        });
        return services;
    }

    /// <summary>
    /// Call after authentication, which names the caller's key and tenant, and before the endpoints, which read
    /// bodies: a refused request costs neither a body read nor a database write.
    /// </summary>
    public static IApplicationBuilder UseApiRateLimits(this IApplicationBuilder app, RateLimitOptions options) =>
        options.Enabled ? app.UseRateLimiter() : app;
}

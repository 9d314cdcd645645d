using Ash.Core.Events;
using Ash.Core.Reminders;
using Ash.Dapr.App;
using Ash.Dapr.Client;
using Ash.Dapr.Events;
using Ash.Dapr.Reminders;
using Microsoft.Extensions.Options;

namespace Ash.Server.Dapr;

/// <summary>
/// The building blocks on Dapr (DESIGN.md §3): reminders as actor reminders of the type <c>session</c>,
/// events published on <c>session-events</c> and received through a subscription, the app endpoints
/// daprd calls, and the start-up that waits for the sidecar.
/// </summary>
internal static class DaprServices
{
    public static IServiceCollection AddDaprBuildingBlocks(this IServiceCollection services, DaprModeOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(new DaprClientOptions(new Uri($"http://127.0.0.1:{options.SidecarHttpPort}/"), string.IsNullOrEmpty(options.ApiToken) ? null : options.ApiToken));
        services.AddSingleton(provider => new DaprClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(100) },
            provider.GetRequiredService<DaprClientOptions>()));
        services.AddSingleton(new DaprEventTopic(options.PubSubName, options.EventsTopic));
        services.AddSingleton<DaprEventBus>();
        services.AddSingleton<IEventBus>(provider => provider.GetRequiredService<DaprEventBus>());
        services.AddSingleton<IDaprSubscription>(provider => provider.GetRequiredService<DaprEventBus>());
        services.AddSingleton<IReminders, DaprReminders>();
        services.AddSingleton<IDaprActorType, SessionActorType>();
        services.AddSingleton(new AppTokenCheck(options.AppApiToken));
        services.AddSingleton(new StartupGate());
        services.AddHostedService<DaprStartup>();
        return services;
    }

    /// <summary>What daprd calls on this app: <c>/healthz</c>, <c>/dapr/config</c> and the actor routes, <c>/dapr/subscribe</c> and the topic route.</summary>
    public static WebApplication MapDaprEndpoints(this WebApplication app)
    {
        var services = app.Services;
        var token = services.GetRequiredService<AppTokenCheck>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ash.Dapr");

        // Cheap and never blocked by actor work (dapr-http-api.md §9.2, dapr/dapr#7734).
        app.MapGet("/healthz", () => Results.Ok());
        app.MapDaprActors(services.GetServices<IDaprActorType>().ToList(), new DaprActorOptions(), token, logger);
        app.MapDaprSubscriptions(services.GetServices<IDaprSubscription>().ToList(), token, logger);
        return app;
    }
}

using Ash.Core.Events;
using Ash.Core.Reminders;
using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Sessions.Recovery;
using Ash.Core.Sessions.Warm;
using Ash.Core.Workspaces;
using Ash.Dapr.App;
using Ash.Dapr.Client;
using Ash.Dapr.Events;
using Ash.Dapr.Reminders;
using Ash.Dapr.Sandboxes;
using Ash.Dapr.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using DaprClientBuilder = global::Dapr.Client.DaprClientBuilder;

namespace Ash.Server.Dapr;

/// <summary>
/// The building blocks on Dapr (DESIGN.md §3): reminders as actor reminders of the type <c>session</c>,
/// events published on <c>session-events</c> and received through a subscription, the app endpoints
/// daprd calls, and the start-up that waits for the sidecar.
/// </summary>
internal static partial class DaprServices
{
    public static IServiceCollection AddDaprBuildingBlocks(this IServiceCollection services, DaprModeOptions options)
    {
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(new DaprClientOptions(new Uri($"http://127.0.0.1:{options.SidecarHttpPort}/"), string.IsNullOrEmpty(options.ApiToken) ? null : options.ApiToken));
        // The longest call is a forwarded exec (up to 300 s) through two sidecars; the resiliency spec gives it 330 s.
        services.AddSingleton(provider => new DaprClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromMinutes(6) },
            provider.GetRequiredService<DaprClientOptions>()));
        // The SDK's client: publish and metadata over the sidecar's gRPC API, health over its HTTP API.
        services.AddSingleton(_ => new DaprClientBuilder()
            .UseHttpEndpoint($"http://127.0.0.1:{options.SidecarHttpPort}")
            .UseGrpcEndpoint(options.GrpcEndpoint.AbsoluteUri)
            .UseDaprApiToken(string.IsNullOrEmpty(options.ApiToken) ? null : options.ApiToken)
            .Build());
        services.AddSingleton(new DaprEventTopic(options.PubSubName, options.EventsTopic));
        services.AddSingleton<DaprEventBus>();
        services.AddSingleton<IEventBus>(provider => provider.GetRequiredService<DaprEventBus>());
        services.AddSingleton<IDaprSubscription>(provider => provider.GetRequiredService<DaprEventBus>());
        services.AddSingleton<IReminders, DaprReminders>();
        services.AddSingleton(new AppTokenCheck(options.AppApiToken));
        services.AddSingleton(new StartupGate());
        services.AddHostedService<DaprStartup>();
        return services;
    }

    /// <summary>
    /// What each role hosts on Dapr; registered after the platform so its choices win.
    /// Every role in one app: the API calls the session actors here, their sandboxes run here.
    /// Split: an <c>api</c> app forwards each session operation to the session's actor through Dapr
    /// (<see cref="DaprSessionGateway"/>), wherever placement put it; a <c>sessions</c> app hosts the actors,
    /// handles those calls, and runs their sandboxes on the nodes that report to <see cref="NodeRegistry"/>;
    /// a <c>sandbox-host</c> app offers its node's sandboxes as <c>sandbox-&lt;node&gt;</c> and reports in.
    /// </summary>
    public static IServiceCollection AddDaprRoles(this IServiceCollection services, ServerRoles roles, string? node)
    {
        if (roles == ServerRoles.All)
        {
            services.AddSingleton<IDaprActorType, SessionActorType>();
            services.AddSingleton(provider => new DaprStartupWork(SessionReminders.ActorType, provider.GetRequiredService<SessionRecovery>().RunAsync));
            return services;
        }

        if (roles.Api)
        {
            // The session actors run in the sessions app: every session operation goes there.
            services.AddSingleton<DaprSessionGateway>();
            services.Replace(ServiceDescriptor.Singleton<ISessionGateway>(provider => provider.GetRequiredService<DaprSessionGateway>()));
            services.AddSingleton<ISandboxLogs, DaprSessionLogs>();
            services.AddSingleton<IWorkspaceFiles, NodeWorkspaceFiles>();
            if (!roles.Sessions)
            {
                services.AddSingleton(new DaprStartupWork(null, _ => Task.CompletedTask));
            }
        }

        if (roles.Sessions)
        {
            // Every session operation reaches this app as a Dapr actor call, so the actor's own state can hold its progress.
            services.AddSingleton<ILifecycleStore, ActorStateLifecycleStore>();
            services.AddSingleton<NodeRegistry>();
            services.AddSingleton<IDaprActorType>(provider => provider.GetRequiredService<NodeRegistry>());
            services.AddSingleton<NodeDirectory>();
            services.AddSingleton<RemoteSandboxHost>();
            services.AddSingleton<ISandboxHost>(provider => provider.GetRequiredService<RemoteSandboxHost>());
            services.AddSingleton<IDaprActorType>(provider =>
            {
                // The calls run on this process's actors (the local gateway), never through the gateway to the sessions app.
                var local = provider.GetRequiredService<LocalSessionGateway>();
                var logs = new RemoteSandboxLogs(provider.GetRequiredService<RemoteSandboxHost>(), provider.GetRequiredService<NodeDirectory>());
                return new SessionActorType(
                    provider.GetRequiredService<SessionActors>(),
                    provider.GetRequiredService<TimeProvider>(),
                    new SessionCallHandler(provider.GetRequiredService<SessionService>(), local, logs));
            });
            services.AddSingleton(provider => new DaprStartupWork(SessionReminders.ActorType, provider.GetRequiredService<SessionRecovery>().RunAsync));
        }

        if (!roles.SandboxHost)
        {
            return services;
        }

        var nodeName = node ?? throw new InvalidOperationException("a sandbox host on Dapr needs its node name (--node)");
        // The node finds agents' content under its own agents directory (the shared volume), never where a caller says.
        services.AddSingleton(provider => new SandboxNodeActorType(
            nodeName,
            provider.GetRequiredService<ISandboxHost>(),
            provider.GetRequiredService<ISandboxLogs>(),
            provider.GetRequiredService<IOptions<Agents.AgentsOptions>>().Value.Directory!));
        services.AddSingleton<IDaprActorType>(provider => provider.GetRequiredService<SandboxNodeActorType>());
        services.AddSingleton(provider => new DaprStartupWork(
            SandboxNodeActorType.TypeName(nodeName),
            async cancellationToken => await provider.GetRequiredService<ISandboxHost>().ReapOrphansAsync(cancellationToken)));
        services.AddHostedService(provider => new NodeHeartbeat(
            provider.GetRequiredService<DaprClient>(),
            provider.GetRequiredService<SandboxNodeActorType>(),
            nodeName,
            provider.GetRequiredService<StartupGate>().Opened,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<NodeHeartbeat>>()));
        return services;
    }

    /// <summary>
    /// What daprd calls on this app, on the app listener only (<see cref="DaprAppListener"/>): <c>/dapr/config</c>
    /// and the actor routes, <c>/dapr/subscribe</c> and the topic route, each checking the app token first; and
    /// <c>/healthz</c>, on both listeners and open: daprd's app health probe carries no token (§1.4), and it
    /// answers an empty 200 that tells nothing.
    /// </summary>
    public static WebApplication MapDaprEndpoints(this WebApplication app)
    {
        var services = app.Services;
        var token = services.GetRequiredService<AppTokenCheck>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Ash.Dapr");
        if (!token.IsEnabled)
        {
            UnauthenticatedApp(logger);
        }

        app.UseDaprAppListener();

        // Cheap and never blocked by actor work (dapr-http-api.md §9.2, dapr/dapr#7734).
        app.MapGet("/healthz", () => Results.Ok()).WithMetadata(new DaprAppRoute(AlsoOnApiListener: true));
        var routes = app.MapGroup(string.Empty).WithMetadata(new DaprAppRoute());
        routes.MapDaprActors(services.GetServices<IDaprActorType>().ToList(), new DaprActorOptions(), token, logger);
        routes.MapDaprSubscriptions(services.GetServices<IDaprSubscription>().ToList(), token, logger);
        return app;
    }

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Started WITHOUT an app token (--dapr-allow-unauthenticated-app): anyone who reaches the app port can call this app's actors and subscriptions as if they were Dapr. Set APP_API_TOKEN on the app and its sidecar for anything but a throwaway local run")]
    private static partial void UnauthenticatedApp(ILogger logger);
}

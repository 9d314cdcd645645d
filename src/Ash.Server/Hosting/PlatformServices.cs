using System.Net;
using Ash.Core.Agents;
using Ash.Core.Auth;
using Ash.Core.Budgets;
using Ash.Core.Credentials;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Reminders;
using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;
using Ash.Core.Secrets;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Capacity;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Sessions.Recovery;
using Ash.Core.Sessions.Warm;
using Ash.Core.Usage;
using Ash.Sandbox;
using Ash.Sandbox.Egress;
using Ash.Sandbox.Launch;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Logs;
using Ash.Sandbox.ModelProxy;
using Ash.Sandbox.Volumes;
using Ash.Server.Auth;
using Ash.Server.Workspaces;
using Microsoft.Extensions.Options;

namespace Ash.Server.Hosting;

/// <summary>
/// Registers every role in this process. The building blocks (event bus, reminders) come from
/// <see cref="AddInProcessBuildingBlocks"/> (embedded) or from the Dapr mode's registration.
/// </summary>
internal static class PlatformServices
{
    /// <summary>The embedded building blocks, and the start-up work that must finish before the server takes requests.</summary>
    public static IServiceCollection AddInProcessBuildingBlocks(this IServiceCollection services)
    {
        services.AddSingleton<IEventBus, InProcessEventBus>();
        services.AddSingleton<InProcessReminders>();
        services.AddSingleton<IReminders>(provider => provider.GetRequiredService<InProcessReminders>());
        services.AddSingleton(Dapr.StartupGate.Open());

        // In start order: recovery finishes before reminders are delivered and before the server takes
        // requests (hosted services start before Kestrel listens).
        services.AddHostedService<SessionRecoveryService>();
        services.AddHostedService<ReminderLoop>();
        return services;
    }

    public static IServiceCollection AddPlatform(this IServiceCollection services, ModelUpstream upstream, SessionRuntimeOptions sessionOptions, LiveSandboxBudget budget)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServerClock>();

        // Storage (the read side, the event log, lifecycle progress, reminders) is registered by StorageServices.

        // Sandbox host role.
        services.AddSingleton(upstream);
        services.AddSingleton<ProcessSpawner>();
        services.AddSingleton(provider => new TenantEndpoints(provider.GetRequiredService<IOptions<SandboxOptions>>().Value.ModelProxy.PrivateEndpoints));
        services.AddSingleton<TenantEndpointConnector>();
        services.AddSingleton<VolumePool>();
        services.AddHostedService(provider => provider.GetRequiredService<VolumePool>());
        services.AddSingleton<SessionVolumes>();
        services.AddHostedService<VolumeSweep>();
        services.AddSingleton<ISandboxHost>(provider => new LocalSandboxHost(
            provider.GetRequiredService<IOptions<SandboxOptions>>(),
            provider.GetRequiredService<LimitEnforcement>(),
            provider.GetRequiredService<SessionVolumes>(),
            upstream,
            provider.GetRequiredService<IModelCredentialSource>(),
            provider.GetRequiredService<IUsageSink>(),
            provider.GetRequiredService<BudgetGuard>(),
            provider.GetRequiredService<ProcessSpawner>(),
            CreateModelHttpClient(),
            CreateModelHttpClient(provider.GetRequiredService<TenantEndpointConnector>().ConnectAsync),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<LocalSandboxHost>>())
        {
            ModelProxyMetrics = provider.GetRequiredService<ModelProxyMetrics>(),
            EgressMetrics = provider.GetRequiredService<EgressMetrics>(),
        });
        services.AddWorkspaceFiles();
        services.AddSingleton<ISandboxLogs, LocalSandboxLogs>();
        services.AddSingleton<SessionLogs>();

        // Sessions role.
        services.AddSingleton(new PlatformInfo(ServerVersion.Current, () => upstream.HasCredential));
        services.AddSingleton(sessionOptions);
        services.AddSingleton(budget);
        services.AddSingleton(new SandboxSlots(budget.Value));
        services.AddSingleton<ResumeCounters>();
        services.AddSingleton(provider => new LifecycleRunner(
            provider.GetRequiredService<ILifecycleStore>(),
            provider.GetRequiredService<IReminders>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Ash.Sessions.Lifecycle"),
            provider.GetRequiredService<LifecycleMetrics>()));

        // The lifecycle orchestration port: the step machine in both modes (a Dapr Workflow one could replace it on Dapr).
        services.AddSingleton<ILifecycleOrchestrator>(provider => provider.GetRequiredService<LifecycleRunner>());
        services.AddSingleton(provider => new SessionActorContext(
            provider.GetRequiredService<ISessionStore>(),
            provider.GetRequiredService<IAgentStore>(),
            provider.GetRequiredService<IMessageStore>(),
            provider.GetRequiredService<IEventLog>(),
            provider.GetRequiredService<IEventBus>(),
            provider.GetRequiredService<ISandboxHost>(),
            provider.GetRequiredService<IReminders>(),
            provider.GetRequiredService<ILifecycleOrchestrator>(),
            provider.GetRequiredService<SandboxSlots>(),
            sessionOptions,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<PlatformInfo>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Ash.Sessions"))
        {
            Secrets = provider.GetRequiredService<ISecretProtector>(),
            TurnBudgets = provider.GetRequiredService<TurnBudgets>(),
            Resumes = provider.GetRequiredService<ResumeCounters>(),
            Metrics = provider.GetRequiredService<SessionMetrics>(),
        });
        services.AddSingleton<SessionActors>();
        services.AddSingleton<IReminderReceiver>(provider => provider.GetRequiredService<SessionActors>());
        services.AddSingleton(provider => new WarmPool(
            provider.GetRequiredService<ISandboxHost>(),
            provider.GetRequiredService<ISecretProtector>(),
            provider.GetRequiredService<SandboxSlots>(),
            sessionOptions,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger("Ash.Sessions.WarmPool")));
        services.AddHostedService(provider => provider.GetRequiredService<WarmPool>());
        services.AddSingleton<LocalSessionGateway>();

        // Where the session actors run: here (the Dapr api role replaces it with the gateway to the sessions app).
        services.AddSingleton<ISessionGateway>(provider => provider.GetRequiredService<LocalSessionGateway>());
        services.AddSingleton<SessionService>();
        services.AddSingleton<SessionRecovery>();

        services.AddHostedService<ActorIdleSweep>();

        // API role.
        services.AddSingleton<Dapr.StartupGateFilter>();
        services.AddSingleton<ApiKeyBootstrap>();
        return services;
    }

    /// <summary>
    /// A model proxy's upstream client: bytes pass through untouched (no decompression), no timeout on long streams;
    /// <paramref name="connect"/> replaces the connect step (the tenant endpoints' guard).
    /// </summary>
    private static HttpClient CreateModelHttpClient(Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? connect = null) => new(new SocketsHttpHandler
    {
        ConnectCallback = connect,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}

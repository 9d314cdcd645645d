using System.Net;
using System.Text.Json.Serialization;
using Ash.Core.Queue;
using Ash.Core.Sessions;
using Ash.Sandbox;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Launch;
using Ash.Sandbox.Limits;
using Ash.Sandbox.ModelProxy;
using Ash.Sandbox.Preflight;
using Ash.Server.Agents;
using Ash.Server.ApiKeys;
using Ash.Server.Attachments;
using Ash.Server.Auth;
using Ash.Server.Budgets;
using Ash.Server.Credentials;
using Ash.Server.Dapr;
using Ash.Server.Errors;
using Ash.Server.Exec;
using Ash.Server.Health;
using Ash.Server.Json;
using Ash.Server.Logging;
using Ash.Server.Logs;
using Ash.Server.Messages;
using Ash.Server.Metrics;
using Ash.Server.OpenApi;
using Ash.Server.Queue;
using Ash.Server.RateLimits;
using Ash.Server.Secrets;
using Ash.Server.Sessions;
using Ash.Server.Tenants;
using Ash.Server.Tracing;
using Ash.Server.Usage;
using Ash.Server.Workspaces;

namespace Ash.Server.Hosting;

/// <summary>Builds the embedded server. Used by Program and by the integration tests alike.</summary>
public static class AshServer
{
    /// <param name="configureServices">Runs last on the services: a test adds what it observes the server with (e.g. an in-memory trace exporter).</param>
    public static async Task<WebApplication> BuildAsync(
        string[] args, IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken cancellationToken = default, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(EnvironmentVariables.Read());
        builder.Configuration.AddCommandLine(args, CommandLineSwitches.Map);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var server = builder.Configuration.GetSection("Ash").Get<AshServerOptions>() ?? new AshServerOptions();
        var sandbox = builder.Configuration.GetSection("Ash:Sandbox").Get<SandboxOptions>() ?? new SandboxOptions();
        var upstream = builder.Configuration.GetSection("Ash:Model").Get<ModelUpstream>() ?? new ModelUpstream();
        var sessionOptions = builder.Configuration.GetSection("Ash:Sessions").Get<SessionRuntimeOptions>() ?? new SessionRuntimeOptions();
        var dataDirectory = server.FullDataDirectory;
        Directory.CreateDirectory(dataDirectory);
        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        if (string.IsNullOrEmpty(sandbox.SandboxesDirectory))
        {
            sandbox.SandboxesDirectory = Path.Combine(dataDirectory, "sandboxes");
        }

        var secrets = builder.Configuration.GetSection("Ash:Secrets").Get<SecretsOptions>() ?? new SecretsOptions();
        var dapr = builder.Configuration.GetSection("Ash:Dapr").Get<DaprModeOptions>() ?? new DaprModeOptions();
        var agentsDirectory = (builder.Configuration.GetSection("Ash:Agents").Get<AgentsOptions>() ?? new AgentsOptions()).FullDirectory(dataDirectory);
        var attachments = builder.Configuration.GetSection("Ash:Attachments").Get<AttachmentOptions>() ?? new AttachmentOptions();
        var queueOptions = builder.Configuration.GetSection("Ash:Queue").Get<QueueOptions>() ?? new QueueOptions();
        var rateLimits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        var metrics = builder.Configuration.GetSection("Ash:Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        var settingProblems = new List<string>(sessionOptions.Validate());
        settingProblems.AddRange(attachments.Validate());
        settingProblems.AddRange(rateLimits.Validate());
        if (server.DatabaseBusyTimeout < TimeSpan.FromSeconds(1) || server.DatabaseBusyTimeout > TimeSpan.FromMinutes(5))
        {
            settingProblems.Add($"Ash:DatabaseBusyTimeout must be between 00:00:01 and 00:05:00 (got {server.DatabaseBusyTimeout})");
        }

        settingProblems.AddRange(sandbox.ModelProxy.Validate());
        settingProblems.AddRange(ServerLogging.Validate(builder.Configuration));
        settingProblems.AddRange(AdminKey.Validate(server.AdminKey, server.ApiKey));
        settingProblems.AddRange(metrics.Validate(server.ApiKey, server.AdminKey));
        settingProblems.AddRange(TracingSettings.Validate(builder.Configuration));
        if (dapr.Enabled)
        {
            // Fails closed: no app token, no start (issue 12), unless explicitly allowed.
            settingProblems.AddRange(dapr.Validate(server.Port));
        }

        if (!ServerRoles.TryParse(server.Roles, out var roles, out var roleProblem))
        {
            settingProblems.Add(roleProblem);
        }
        else if (ServerRoles.Problem(roles, dapr.Enabled, server.Node) is { } combination)
        {
            settingProblems.Add(combination);
        }

        var budget = LiveSandboxBudgetSizing.Choose(sessionOptions, sandbox, hostsSandboxes: roles.SandboxHost);
        settingProblems.AddRange(queueOptions.Validate(budget.Value));

        if (settingProblems.Count > 0)
        {
            throw new InvalidOperationException("Invalid settings:\n  - " + string.Join("\n  - ", settingProblems));
        }

        if (ListenAddress.Problem(server.Host, server.Port) is { } taken)
        {
            throw new InvalidOperationException("Cannot listen: " + taken);
        }

        if (!roles.SandboxHost)
        {
            // Only a sandbox host makes session volumes: a process without the role keeps none ready in advance.
            sandbox.Volumes.PoolSize = 0;
        }

        var problems = new List<string>();
        var reach = roles.SandboxHost ? SandboxReach.Prepare(sandbox, problems) : null;
        var limits = LimitEnforcement.Detect(sandbox);
        if (roles.SandboxHost)
        {
            problems.AddRange(SandboxPreflight.Check(sandbox, limits));
        }

        if (problems.Count > 0)
        {
            reach?.Dispose();
            throw new InvalidOperationException("Cannot run sandboxes:\n  - " + string.Join("\n  - ", problems));
        }

        InheritedDescriptors.MarkCloseOnExec();

        builder.AddServerLogging();

        builder.Services.Configure<AshServerOptions>(options => Copy(server, options));
        builder.Services.Configure<SandboxOptions>(options => Copy(sandbox, options));
        builder.Services.Configure<AttachmentOptions>(options => Copy(attachments, options));
        builder.Services.AddSingleton(limits);
        if (reach is not null)
        {
            // Made by a factory, so the container disposes it; resolved first (below), so it goes last.
            builder.Services.AddSingleton(_ => reach);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(server.Host), server.Port);
            if (dapr.Enabled)
            {
                // The routes daprd calls get their own listener, on loopback unless configured otherwise.
                DaprAppListener.Listen(kestrel, IPAddress.Parse(dapr.AppHost), dapr.EffectiveAppPort(server.Port));
            }

            kestrel.Limits.MaxRequestBodySize = server.MaxRequestBodyBytes;
        });
        // Bad JSON and bad parameters reach our exception handler, which answers in the API's error shape.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);

            // A misspelt or unsupported field is refused with its name rather than silently ignored (issue 13),
            // on every route that binds a JSON body, including ones added later.
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });

        await builder.Services.AddStorageAsync(server.Database, dataDirectory, server.DatabaseBusyTimeout, cancellationToken);
        builder.Services.AddAgentContent(agentsDirectory);
        builder.Services.AddSessionHistory();
        builder.Services.AddSecrets(secrets.FullKeysDirectory(dataDirectory));
        builder.Services.AddUsage();
        builder.Services.AddCredentials(splitDaprApps: dapr.Enabled && roles != ServerRoles.All);
        builder.Services.AddBudgets(splitDaprApps: dapr.Enabled && roles != ServerRoles.All);
        if (dapr.Enabled)
        {
            builder.Services.AddDaprBuildingBlocks(dapr);
        }
        else
        {
            builder.Services.AddInProcessBuildingBlocks();
        }

        if (dapr.Enabled && roles != ServerRoles.All)
        {
            // A warm sandbox's id is its own, while a forwarded create names the session (and so its actor)
            // before it reaches the sessions app: split apps start every session fresh, and an api app
            // runs no sandbox at all.
            sessionOptions.MaxWarmSandboxes = 0;
        }

        // Split on Dapr, placement decides where each session's actor lives, and moves it when replicas come
        // and go. (Every role in one app is one replica: its API uses its own actors.)
        sessionOptions.ActorsMoveBetweenHosts = dapr.Enabled && roles != ServerRoles.All;
        builder.Services.AddAshMetrics(metrics);
        builder.Services.AddTracing(builder.Configuration, TracingSettings.ServiceNameFor(roles, dapr.Enabled));
        builder.Services.AddPlatform(upstream, sessionOptions, budget);
        builder.Services.AddApiAuth(server.AdminKey, metrics.Token, cacheKeys: !dapr.Enabled);
        if (dapr.Enabled)
        {
            builder.Services.AddDaprRoles(roles, server.Node);
        }

        if (roles.Api)
        {
            // One server alone owns the jobs it left running; replicas on Dapr wait for each other's leases.
            queueOptions.ReclaimAtStart = !dapr.Enabled;
            builder.Services.AddQueue(queueOptions);
            builder.Services.AddApiRateLimits(rateLimits);
            builder.Services.AddApiContract();
        }

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();

        // The bind mounts sandboxes are reached through are undone only after every sandbox and volume is gone.
        app.Services.GetService<SandboxReach>();
        LiveSandboxBudgetSizing.Log(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ash.Sessions"), budget);
        app.Services.StartMetrics();
        await app.Services.GetRequiredService<ApiKeyBootstrap>().EnsureAsync(cancellationToken);
        await app.Services.GetRequiredService<AgentStartupUpgrades>().EnsureAsync(cancellationToken);

        app.UseMiddleware<RequestTelemetry>();
        app.UseApiErrors();
        app.MapHealthApi();
        app.MapMetricsApi();
        if (dapr.Enabled)
        {
            // Its listener check comes first: the app port serves no REST route at all, with or without a key.
            app.MapDaprEndpoints();
        }

        app.UseMiddleware<ApiKeyAuthentication>();

        if (!roles.Api)
        {
            return app;
        }

        // After authentication (the limits are per key and tenant), before any endpoint reads a body.
        app.UseApiRateLimits(rateLimits);
        app.MapApiContract();
        app.MapGroup("/api")
            .WithMetadata(RequiresApiKey.Instance)
            .AddEndpointFilter<StartupGateFilter>()
            .MapAgentsApi()
            .MapCredentialsApi()
            .MapUsageApi()
            .MapBudgetsApi()
            .MapSessionsApi()
            .MapMessagesApi()
            .MapExecApi()
            .MapLogsApi()
            .MapWorkspaceApi()
            .MapAttachmentsApi()
            .MapQueueApi()
            .MapApiKeysApi();
        app.MapGroup("/api/admin")
            .WithMetadata(RequiresAdminKey.Instance)
            .AddEndpointFilter<StartupGateFilter>()
            .MapTenantsApi();
        return app;
    }

    private static void Copy<T>(T source, T target)
        where T : class
    {
        foreach (var property in typeof(T).GetProperties())
        {
            if (property.CanWrite)
            {
                property.SetValue(target, property.GetValue(source));
            }
        }
    }
}

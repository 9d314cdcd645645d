using System.Diagnostics.Metrics;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Census;
using Ash.Core.Sessions.Lifecycle;
using Ash.Sandbox.Egress;
using Ash.Sandbox.ModelProxy;
using Ash.Server.Hosting;
using Ash.Server.Streaming;
using Ash.Storage;
using Ash.Storage.Postgres;
using Ash.Storage.Sqlite;

namespace Ash.Server.Metrics;

/// <summary>The instruments classes of every area, the session census, and their export to <c>/metrics</c> (issue 14).</summary>
public static class MetricsServices
{
    public static IServiceCollection AddAshMetrics(this IServiceCollection services, MetricsOptions options)
    {
        services.AddSingleton<MeterExport>();
        services.AddSingleton<SessionMetrics>();
        services.AddSingleton<LifecycleMetrics>();
        services.AddSingleton<ModelProxyMetrics>();
        services.AddSingleton<EgressMetrics>();
        services.AddSingleton<StreamMetrics>();
        services.AddSingleton<HttpMetrics>();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton(provider => new StoreMetrics(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<StorageKind>().Name));
        services.AddSingleton<SessionCensus>();
        services.AddSingleton<SessionPoolMetrics>();
        services.AddHostedService(provider => new SessionCensusRefresh(
            provider.GetRequiredService<SessionCensus>(),
            options.CensusInterval,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SessionCensusRefresh>>()));
        return services;
    }

    /// <summary>
    /// Creates the instruments nothing else asks for (the observed ones) so they exist from the first scrape, starts
    /// the export, and times the database, which opened before this host's meters existed.
    /// </summary>
    public static void StartMetrics(this IServiceProvider services)
    {
        services.GetRequiredService<MeterExport>();
        services.GetRequiredService<ServerMetrics>();
        services.GetRequiredService<SessionPoolMetrics>();
        services.GetRequiredService<StreamMetrics>();
        var store = services.GetRequiredService<StoreMetrics>();
        services.GetService<SqliteDatabase>()?.MeasureWith(store);
        services.GetService<PostgresDatabase>()?.MeasureWith(store);
    }
}

using Ash.Server.Auth;
using Prometheus;

namespace Ash.Server.Metrics;

/// <summary><c>GET /metrics</c>: the Prometheus text format, for the metrics token or the admin key only (<see cref="RequiresMetricsKey"/>).</summary>
public static class MetricsApi
{
    public const string Path = "/metrics";

    public static WebApplication MapMetricsApi(this WebApplication app)
    {
        app.MapMetrics(Path, app.Services.GetRequiredService<MeterExport>().Registry)
            .WithMetadata(RequiresMetricsKey.Instance, new HttpMethodMetadata([HttpMethods.Get]));
        return app;
    }
}

using System.Diagnostics;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Tracing;
using Ash.Dapr.Events;
using Ash.Sandbox.ModelProxy;
using Ash.Server.Auth;
using Ash.Server.Hosting;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ash.Server.Tracing;

/// <summary>
/// Traces over OTLP, when <see cref="TracingSettings"/> says so (issue 14): a span per HTTP request (enriched with its
/// tenant and session), Ash's own spans (<see cref="SessionTracing"/>, <see cref="LifecycleTracing"/>,
/// <see cref="ModelProxyTracing"/>, <see cref="EventBusTracing"/>) and a span per outgoing HTTP call, which also
/// carries the W3C trace context to the Dapr sidecar and the model upstream. When off, nothing is registered:
/// no tracer listens, so Ash's sources start no span and the hot path pays nothing.
/// </summary>
internal static class TracingServices
{
    /// <summary>Routes that are polled, never worth a trace: probes, scrapes, daprd reading the app's configuration.</summary>
    private static readonly HashSet<string> Untraced = new(StringComparer.OrdinalIgnoreCase)
    {
        "/health", "/healthz", "/metrics", "/dapr/config", "/dapr/subscribe",
    };

    public static IServiceCollection AddTracing(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        if (!TracingSettings.Enabled(configuration))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(serviceName, serviceVersion: ServerVersion.Current, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}")

                // After ours, so OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults.
                .AddEnvironmentVariableDetector())
            .WithTracing(tracing => tracing
                .AddSource(SessionTracing.SourceName, LifecycleTracing.SourceName, ModelProxyTracing.SourceName, EventBusTracing.SourceName)
                .AddAspNetCoreInstrumentation(http =>
                {
                    http.Filter = context => !Untraced.Contains(context.Request.Path.Value ?? string.Empty);
                    http.EnrichWithHttpResponse = (activity, response) => TagRequest(activity, response.HttpContext);
                })
                .AddHttpClientInstrumentation()
                .AddProcessor(new BackgroundCalls())
                .AddOtlpExporter());
        return services;
    }

    /// <summary>The request's tenant (once authenticated) and, on a session's routes, its session id.</summary>
    private static void TagRequest(Activity activity, HttpContext context)
    {
        if (Tenant.TryOf(context) is { } tenant)
        {
            activity.SetTag(TraceAttributes.TenantId, tenant);
        }

        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
            && route.StartsWith("/api/sessions/{id}", StringComparison.Ordinal)
            && Guid.TryParse(context.GetRouteValue("id") as string, out var sessionId))
        {
            activity.SetTag(TraceAttributes.SessionId, sessionId.ToString("D"));
        }
    }
}

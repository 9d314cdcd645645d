using System.Diagnostics;
using Ash.Server.Logging;
using Ash.Server.Metrics;
using Microsoft.AspNetCore.Routing;

namespace Ash.Server.Hosting;

/// <summary>
/// Outermost in the pipeline: times each request once and reads its route template once, then gives both to
/// the request's log line (<see cref="RequestLog"/>) and the HTTP duration histogram (<see cref="HttpMetrics"/>).
/// A request's time includes its error answer.
/// </summary>
public sealed class RequestTelemetry(RequestDelegate next, HttpMetrics metrics, ILogger<RequestTelemetry> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Routing has run (WebApplication puts it first): the template is known now, and the error handler
        // clears the endpoint when it answers an exception, so it is read before.
        var route = Template(context.GetEndpoint() as RouteEndpoint);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            metrics.RequestFinished(route, context.Request.Method, status, elapsed);
            RequestLog.Write(logger, context, route, status, elapsed);
        }
    }

    /// <summary>The route's template as the API documents it (a group's root route ends in a slash that no client sends), or null.</summary>
    public static string? Template(RouteEndpoint? endpoint) => endpoint?.RoutePattern.RawText is { } raw
        ? raw.Length > 1 ? raw.TrimEnd('/') : raw
        : null;
}

using System.Diagnostics;
using Microsoft.AspNetCore.Routing;
using Ash.Server.Auth;

namespace Ash.Server.Logging;

/// <summary>
/// One log line per request, written when it ends: method, route template (never the raw path, so no id or
/// query lands in it), status, duration and tenant. Never a header, a key or a body. A 4xx is a warning, a
/// 5xx an error (the exception itself, if any, is logged once by the error handler); health probes are debug.
/// An SSE stream's line comes when the stream ends, its duration the stream's.
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public const string NoRoute = "(no route)";

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
            Write(context, route, Stopwatch.GetElapsedTime(started));
        }
    }

    private void Write(HttpContext context, string route, TimeSpan elapsed)
    {
        var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
        var level = status switch
        {
            >= 500 => LogLevel.Error,
            >= 400 => LogLevel.Warning,
            _ when IsProbe(route) => LogLevel.Debug,
            _ => LogLevel.Information,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        Handled(logger, level, context.Request.Method, route, status, Math.Round(elapsed.TotalMilliseconds, 1), Tenant.TryOf(context) ?? "-");
    }

    /// <summary>The route's template as the API documents it (a group's root route ends in a slash that no client sends).</summary>
    public static string Template(RouteEndpoint? endpoint) => endpoint?.RoutePattern.RawText is { } raw
        ? raw.Length > 1 ? raw.TrimEnd('/') : raw
        : NoRoute;

    private static bool IsProbe(string route) => route is "/health" or "/healthz";

    [LoggerMessage(EventId = 4100, Message = "{Method} {Route} answered {Status} in {DurationMs} ms for tenant {Tenant}")]
    private static partial void Handled(ILogger logger, LogLevel level, string method, string route, int status, double durationMs, string tenant);
}

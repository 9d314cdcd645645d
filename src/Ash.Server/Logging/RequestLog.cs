using Ash.Server.Auth;

namespace Ash.Server.Logging;

/// <summary>
/// One log line per request, written when it ends: method, route template (never the raw path, so no id or
/// query lands in it), status, duration and tenant. Never a header, a key or a body. A 4xx is a warning, a
/// 5xx an error (the exception itself, if any, is logged once by the error handler); health probes are debug.
/// An SSE stream's line comes when the stream ends, its duration the stream's.
/// </summary>
public static partial class RequestLog
{
    public const string NoRoute = "(no route)";

    public static void Write(ILogger logger, HttpContext context, string? route, int status, TimeSpan elapsed)
    {
        var template = route ?? NoRoute;
        var level = status switch
        {
            >= 500 => LogLevel.Error,
            >= 400 => LogLevel.Warning,
            _ when IsProbe(template) => LogLevel.Debug,
            _ => LogLevel.Information,
        };
        if (logger.IsEnabled(level))
        {
            Handled(logger, level, context.Request.Method, template, status, Math.Round(elapsed.TotalMilliseconds, 1), Tenant.TryOf(context) ?? "-");
        }
    }

    private static bool IsProbe(string route) => route is "/health" or "/healthz";

    [LoggerMessage(EventId = 4100, Message = "{Method} {Route} answered {Status} in {DurationMs} ms for tenant {Tenant}")]
    private static partial void Handled(ILogger logger, LogLevel level, string method, string route, int status, double durationMs, string tenant);
}

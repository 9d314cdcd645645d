using System.Text.Json;
using Ash.Core.Errors;
using Ash.Server.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Ash.Server.Errors;

/// <summary>
/// Turns framework-level failures into our error shape: malformed JSON and oversized bodies become
/// 400/413, unknown routes 404, an unreachable or locked database 503 with Retry-After, a full disk 507,
/// and anything unexpected a 500 with no stack trace (logged instead).
/// </summary>
public static partial class ErrorHandling
{
    private static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(2);

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteExceptionAsync,

            // The framework would log every exception with its stack trace, a client's malformed JSON included:
            // WriteExceptionAsync logs the ones the operator must see, and RequestLog says the rest in one line.
            SuppressDiagnosticsCallback = _ => true,
        });
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
            {
                return;
            }

            var (code, message) = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ("route_not_found", RouteNotFoundMessage(context.HttpContext)),
                StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "Method not allowed on this route"),
                StatusCodes.Status413PayloadTooLarge => ("payload_too_large", "Request body too large"),
                StatusCodes.Status400BadRequest => ("bad_request", "Bad request"),
                StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Send the body as application/json"),
                _ => ("http_error", "Request failed"),
            };
            await ApiErrors.Create(response.StatusCode, code, message).ExecuteAsync(context.HttpContext);
        });
        return app;
    }

    private static async Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, code, message) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "payload_too_large", "Request body too large"),
            BadHttpRequestException { InnerException: JsonException json } => Refused(RequestBodyError.Describe(json)),
            BadHttpRequestException bad when bad.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) => (400, RequestBodyError.InvalidJsonCode, "Request body is not valid JSON"),
            BadHttpRequestException bad when RequestBodyError.DescribeBinding(bad.Message) is { } binding => (bad.StatusCode, RequestBodyError.InvalidQueryCode, binding),
            BadHttpRequestException bad => (bad.StatusCode, "bad_request", bad.Message),
            JsonException json => Refused(RequestBodyError.Describe(json)),
            StoreUnavailableException => (503, StoreErrorCodes.Unavailable, "The database is unavailable; nothing was changed, retry shortly"),
            StoreBusyException busy => (503, StoreErrorCodes.Busy, busy.Message),
            StoreFullException => (507, StoreErrorCodes.Full, "The server's disk is full; nothing was changed. Retry once space has been freed"),
            IOException io when DiskFull.Is(io) => (507, StoreErrorCodes.Full, "The server's disk is full; retry once space has been freed"),
            _ => (500, "internal_error", "Internal server error"),
        };

        if (exception is not null && status is 500 or 503 or 507)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Ash.Server.Errors");
            if (status == 500)
            {
                UnhandledException(logger, context.Request.Method, context.Request.Path, exception);
            }
            else
            {
                // The operator has to act (free the disk, find who holds the lock): said once per request, without the trace.
                ServerSideRefusal(logger, context.Request.Method, context.Request.Path, status, exception.Message);
            }
        }

        var error = ApiErrors.Create(status, code, message);
        await (status == 503 ? error.WithRetryAfter(DatabaseRetryAfter) : error).ExecuteAsync(context);
    }

    private static (int Status, string Code, string Message) Refused((string Code, string Message) error) => (400, error.Code, error.Message);

    /// <summary>The answer to a route that does not exist; the admin API gives it to every caller without the admin key.</summary>
    public static Task WriteRouteNotFoundAsync(HttpContext context) =>
        ApiErrors.Create(StatusCodes.Status404NotFound, "route_not_found", RouteNotFoundMessage(context)).ExecuteAsync(context);

    private static string RouteNotFoundMessage(HttpContext context) => $"Route {context.Request.Method}:{context.Request.Path} not found";

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status}: {Reason}")]
    private static partial void ServerSideRefusal(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void UnhandledException(ILogger logger, string method, string path, Exception exception);
}

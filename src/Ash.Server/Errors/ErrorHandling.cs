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
        app.UseExceptionHandler(errorApp => errorApp.Run(WriteExceptionAsync));
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
            {
                return;
            }

            var (code, message) = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ("route_not_found", $"Route {context.HttpContext.Request.Method}:{context.HttpContext.Request.Path} not found"),
                StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "Method not allowed on this route"),
                StatusCodes.Status413PayloadTooLarge => ("payload_too_large", "Request body too large"),
                StatusCodes.Status400BadRequest => ("bad_request", "Bad request"),
                StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Send the body as application/json"),
                _ => ("http_error", "Request failed"),
            };
            await WriteAsync(context.HttpContext, response.StatusCode, code, message);
        });
        return app;
    }

    private static async Task WriteExceptionAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, code, message) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (413, "payload_too_large", "Request body too large"),
            BadHttpRequestException { InnerException: JsonException json } when UnknownField(json) is { } field => (400, "unknown_field", $"Unknown field '{field}'"),
            BadHttpRequestException { InnerException: JsonException } => (400, "invalid_json", "Request body is not valid JSON"),
            BadHttpRequestException bad when bad.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) => (400, "invalid_json", "Request body is not valid JSON"),
            BadHttpRequestException bad => (bad.StatusCode, "bad_request", bad.Message),
            JsonException => (400, "invalid_json", "Request body is not valid JSON"),
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

        if (status == 503)
        {
            context.Response.Headers.RetryAfter = RetryAfterResult.Seconds(DatabaseRetryAfter);
        }

        await WriteAsync(context, status, code, message);
    }

    /// <summary>
    /// The field a body that refuses unknown members (<c>JsonUnmappedMemberHandling.Disallow</c>) did not know, from the
    /// exception's JSON path; the message itself names our .NET type, which is not the client's business.
    /// </summary>
    private static string? UnknownField(JsonException exception) =>
        exception.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) && exception.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
            ? path[2..]
            : null;

    private static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new ApiError(message, status, code), ApiJsonContext.Default.ApiError);
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status}: {Reason}")]
    private static partial void ServerSideRefusal(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void UnhandledException(ILogger logger, string method, string path, Exception exception);
}

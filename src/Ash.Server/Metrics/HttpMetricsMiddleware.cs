using Microsoft.AspNetCore.Diagnostics;

namespace Ash.Server.Metrics;

/// <summary>
/// Times every request, outermost in the pipeline so a request's time includes its error answer. The route is
/// read when the request is done: routing has run by then, and after an exception the handler's feature still
/// names the endpoint that failed.
/// </summary>
public sealed class HttpMetricsMiddleware(RequestDelegate next, HttpMetrics metrics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText;
            metrics.RequestFinished(route, context.Request.Method, context.Response.StatusCode, time.GetElapsedTime(started));
        }
    }
}

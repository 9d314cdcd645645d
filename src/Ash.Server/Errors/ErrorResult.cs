using System.Globalization;
using Ash.Server.Json;

namespace Ash.Server.Errors;

/// <summary>
/// A failed request's answer: the error body with its status, and <c>Retry-After</c> when the client may try again
/// (503 capacity, 429). Handlers return it inside <c>Results&lt;…&gt;</c>. Its status comes from an
/// <see cref="Ash.Core.Errors.AshError"/>'s kind, known only at run time, so the statuses a route can answer with are
/// declared on the route (<see cref="ErrorResponses.ProducesErrors{TBuilder}"/>), where the OpenAPI document reads them.
/// </summary>
public sealed class ErrorResult : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ApiError>
{
    internal ErrorResult(ApiError value, TimeSpan? retryAfter = null)
    {
        Value = value;
        RetryAfter = retryAfter;
    }

    public ApiError Value { get; }

    public int StatusCode => Value.StatusCode;

    public TimeSpan? RetryAfter { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    object? IValueHttpResult.Value => Value;

    /// <summary>The header's value: whole seconds, at least 1.</summary>
    public static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public ErrorResult WithRetryAfter(TimeSpan retryAfter) => new(Value, retryAfter);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (RetryAfter is { } retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        }

        httpContext.Response.StatusCode = StatusCode;
        return httpContext.Response.WriteAsJsonAsync(Value, ApiJsonContext.Default.ApiError, cancellationToken: httpContext.RequestAborted);
    }
}

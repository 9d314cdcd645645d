using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.FakeModel;

/// <summary>An error in the Messages API shape: <c>{"type":"error","error":{"type":…,"message":…}}</c>.</summary>
/// <remarks>Types per status follow https://docs.anthropic.com/en/api/errors.</remarks>
internal sealed class AnthropicErrorResult(int statusCode, string errorType, string message, bool retryable = false) : IResult
{
    public static AnthropicErrorResult InvalidApiKey { get; } = new(StatusCodes.Status401Unauthorized, "authentication_error", "invalid x-api-key");

    public static AnthropicErrorResult NotFound { get; } = new(StatusCodes.Status404NotFound, "not_found_error", "Not found");

    public static AnthropicErrorResult InvalidJson { get; } = new(StatusCodes.Status400BadRequest, "invalid_request_error", "The request body is not a JSON object");

    public static AnthropicErrorResult Scripted(int statusCode) => new(statusCode, ErrorTypeFor(statusCode), "scripted error");

    /// <summary>An error the client may retry, as it retries the real API's 529s.</summary>
    public static AnthropicErrorResult Overloaded { get; } = new(529, "overloaded_error", "scripted overload", retryable: true);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.Headers["request-id"] = AnthropicIds.Request();
        // Claude Code retries 401, 429 and 5xx up to ten times with backoff (minutes) unless the API says
        // otherwise; a scripted failure has to reach the test at once, so every fake error but Overloaded forbids retries.
        response.Headers["x-should-retry"] = retryable ? "true" : "false";
        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "error"u8);
            writer.WriteStartObject("error"u8);
            writer.WriteString("type"u8, errorType);
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    private static string ErrorTypeFor(int statusCode) => statusCode switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        _ => "api_error",
    };
}

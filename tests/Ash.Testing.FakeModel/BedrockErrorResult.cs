using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.FakeModel;

/// <summary>An error in Bedrock's shape: <c>{"message":…}</c> with its type in <c>x-amzn-ErrorType</c>.</summary>
internal sealed class BedrockErrorResult(int statusCode, string errorType, string message) : IResult
{
    public static BedrockErrorResult BadSignature(string problem) => new(StatusCodes.Status403Forbidden, "InvalidSignatureException", problem);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.Headers["x-amzn-ErrorType"] = errorType + ":http://internal.amazon.com/coral/com.amazon.bedrock/";
        // As with the Messages API's errors (AnthropicErrorResult): a failure must reach the test at once, not after retries.
        response.Headers["x-should-retry"] = "false";
        using (var writer = new Utf8JsonWriter(response.BodyWriter))
        {
            writer.WriteStartObject();
            writer.WriteString("message"u8, message);
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}

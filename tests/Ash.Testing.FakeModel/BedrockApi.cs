using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Ash.Testing.FakeModel;

/// <summary>
/// The Bedrock runtime routes the Claude Code CLI calls in Bedrock mode, answered with the same scripted replies as the
/// Messages API: <c>invoke-with-response-stream</c> in event-stream frames, <c>invoke</c> as one JSON message. The body
/// is the Messages request without <c>model</c> (it is in the path) and <c>stream</c> (it is the route).
/// </summary>
internal static class BedrockApi
{
    public static IEndpointRouteBuilder MapBedrockApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/model/{modelId}/invoke-with-response-stream", (string modelId, HttpContext context, BedrockSignatureCheck signature, RequestRecorder recorder, UsageLedger ledger, TimeProvider time, IHostApplicationLifetime lifetime) =>
            InvokeAsync(modelId, stream: true, context, signature, recorder, ledger, time, lifetime));
        routes.MapPost("/model/{modelId}/invoke", (string modelId, HttpContext context, BedrockSignatureCheck signature, RequestRecorder recorder, UsageLedger ledger, TimeProvider time, IHostApplicationLifetime lifetime) =>
            InvokeAsync(modelId, stream: false, context, signature, recorder, ledger, time, lifetime));
        return routes;
    }

    private static async Task<IResult> InvokeAsync(
        string modelId, bool stream, HttpContext context, BedrockSignatureCheck signature, RequestRecorder recorder, UsageLedger ledger, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var text = System.Text.Encoding.UTF8.GetString(body);
        var message = MessagesRequest.Parse(text);
        recorder.Record(request, text, message?.UserTexts ?? []);
        if (signature.Problem(request, body) is { } problem)
        {
            return BedrockErrorResult.BadSignature(problem);
        }

        if (message is null)
        {
            return AnthropicErrorResult.InvalidJson;
        }

        message = message with { Model = modelId, Stream = stream };
        var directive = ScriptDirective.For(message);
        if (directive is ErrorDirective error)
        {
            return AnthropicErrorResult.Scripted(error.Status);
        }

        return new ScriptedReplyResult(ReplyScript.Compose(directive, message), message, ledger, time, lifetime.ApplicationStopping, bedrockStream: stream);
    }
}

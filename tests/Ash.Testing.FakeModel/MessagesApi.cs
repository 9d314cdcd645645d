using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Ash.Testing.FakeModel;

/// <summary>The Messages API endpoints the Claude Code CLI calls; every request is recorded, then authenticated.</summary>
internal static class MessagesApi
{
    private const string CountTokensReply = """{"input_tokens":42}""";

    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/v1/messages");
        api.MapPost("", CreateMessageAsync);
        api.MapPost("/count_tokens", CountTokensAsync);
        routes.MapFallback("{*path}", NotFoundAsync);
        return routes;
    }

    private static async Task<Results<ScriptedReplyResult, AnthropicErrorResult>> CreateMessageAsync(
        HttpRequest request,
        RequestRecorder recorder,
        ExpectedApiKey apiKey,
        UsageLedger ledger,
        OverloadCounter overloads,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var message = MessagesRequest.Parse(body);
        recorder.Record(request, body, message?.UserTexts ?? []);
        if (!apiKey.IsPresentIn(request))
        {
            return AnthropicErrorResult.InvalidApiKey;
        }

        if (message is null)
        {
            return AnthropicErrorResult.InvalidJson;
        }

        var directive = ScriptDirective.For(message);
        if (directive is ErrorDirective error)
        {
            return AnthropicErrorResult.Scripted(error.Status);
        }

        if (directive is OverloadedDirective overloaded)
        {
            if (overloads.Fail(string.Join('\n', message.LastUserTexts), overloaded.Times))
            {
                return AnthropicErrorResult.Overloaded;
            }

            directive = new EchoDirective(string.Join('\n', message.LastUserTexts).Trim());
        }

        var reply = ReplyScript.Compose(directive, message);
        return new ScriptedReplyResult(reply, message, ledger, timeProvider, lifetime.ApplicationStopping);
    }

    private static async Task<Results<ContentHttpResult, AnthropicErrorResult>> CountTokensAsync(
        HttpRequest request, RequestRecorder recorder, ExpectedApiKey apiKey, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        recorder.Record(request, body, MessagesRequest.Parse(body)?.UserTexts ?? []);
        if (!apiKey.IsPresentIn(request))
        {
            return AnthropicErrorResult.InvalidApiKey;
        }

        return TypedResults.Text(CountTokensReply, "application/json");
    }

    private static async Task<AnthropicErrorResult> NotFoundAsync(HttpRequest request, RequestRecorder recorder, CancellationToken cancellationToken)
    {
        recorder.Record(request, await ReadBodyAsync(request, cancellationToken), []);
        return AnthropicErrorResult.NotFound;
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}

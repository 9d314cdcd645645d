using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.FakeModel;

/// <summary>
/// Sends a scripted reply as an SSE stream or, for non-streaming requests, as one JSON message; with
/// <paramref name="bedrockStream"/>, as Bedrock's event stream (<c>application/vnd.amazon.eventstream</c>).
/// </summary>
internal sealed class ScriptedReplyResult(
    ScriptedReply reply, MessagesRequest request, UsageLedger ledger, TimeProvider timeProvider, CancellationToken serverStopping, bool bedrockStream = false) : IResult
{
    private readonly ReportedUsage usage = ReportedUsage.For(request.Model, request.InputTokens, reply.OutputTokens);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        // Slow replies must end when the client goes away or the server stops, without an error logged:
        // an abandoned stream is a normal outcome for a test that cancels a turn.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, serverStopping);
        var response = httpContext.Response;
        response.Headers["request-id"] = AnthropicIds.Request();
        var messageId = AnthropicIds.Message();
        try
        {
            if (request.Stream)
            {
                await StreamAsync(response, messageId, cancellation.Token);
            }
            else
            {
                await WriteMessageAsync(response, messageId, cancellation.Token);
            }

            ledger.Add(usage);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
    }

    private async Task StreamAsync(HttpResponse response, string messageId, CancellationToken cancellationToken)
    {
        response.ContentType = bedrockStream ? "application/vnd.amazon.eventstream" : "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        using var events = new AnthropicSseWriter(response.BodyWriter, bedrockStream);
        await events.MessageStartAsync(messageId, usage, cancellationToken);
        await events.PingAsync(cancellationToken);
        for (var index = 0; index < reply.Blocks.Count; index++)
        {
            var block = reply.Blocks[index];
            await events.ContentBlockStartAsync(index, block, cancellationToken);
            await StreamDeltasAsync(events, index, block, cancellationToken);
            await events.ContentBlockStopAsync(index, cancellationToken);
        }

        await events.MessageDeltaAsync(reply.StopReason, reply.OutputTokens, cancellationToken);
        await events.MessageStopAsync(cancellationToken);
    }

    private async Task StreamDeltasAsync(AnthropicSseWriter events, int index, ReplyBlock block, CancellationToken cancellationToken)
    {
        switch (block)
        {
            case TextReplyBlock text:
                for (var i = 0; i < text.Deltas.Count; i++)
                {
                    if (i > 0 && text.DelayBetweenDeltas > TimeSpan.Zero)
                    {
                        await Task.Delay(text.DelayBetweenDeltas, timeProvider, cancellationToken);
                    }

                    await events.TextDeltaAsync(index, text.Deltas[i], cancellationToken);
                }

                break;
            case ToolUseReplyBlock toolUse:
                foreach (var partialJson in toolUse.InputJsonDeltas)
                {
                    await events.InputJsonDeltaAsync(index, partialJson, cancellationToken);
                }

                break;
            case ThinkingReplyBlock thinking:
                await events.ThinkingDeltaAsync(index, thinking.Thinking, cancellationToken);
                await events.SignatureDeltaAsync(index, thinking.Signature, cancellationToken);
                break;
        }
    }

    private async Task WriteMessageAsync(HttpResponse response, string messageId, CancellationToken cancellationToken)
    {
        var pacing = TimeSpan.Zero;
        foreach (var block in reply.Blocks)
        {
            if (block is TextReplyBlock text)
            {
                pacing += text.DelayBetweenDeltas * Math.Max(0, text.Deltas.Count - 1);
            }
        }

        if (pacing > TimeSpan.Zero)
        {
            await Task.Delay(pacing, timeProvider, cancellationToken);
        }

        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            AnthropicMessageJson.Write(writer, reply, messageId, usage);
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}

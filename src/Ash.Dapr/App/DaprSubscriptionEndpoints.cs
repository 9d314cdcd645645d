using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ash.Dapr.App;

/// <summary>
/// Programmatic subscriptions (dapr-http-api.md §3.3–3.5): <c>GET /dapr/subscribe</c> lists them (daprd reads
/// it once), and each route receives CloudEvents (<c>application/cloudevents+json</c>) and answers 200 with
/// <c>{"status":"SUCCESS|RETRY|DROP"}</c>. Every route checks the app token first (<see cref="AppTokenFilter"/>,
/// 401, which daprd retries: a misconfigured token loses no message). A message that is not a CloudEvent
/// with a JSON payload is dropped: retrying cannot fix it; a body that is not JSON at all is 400 in the error
/// shape. Never 404 (daprd would drop the message silently).
/// </summary>
public static partial class DaprSubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapDaprSubscriptions(
        this IEndpointRouteBuilder app, IReadOnlyList<IDaprSubscription> subscriptions, AppTokenCheck token, ILogger logger)
    {
        var listing = ListingJson(subscriptions);
        var routes = app.MapGroup(string.Empty).AddEndpointFilter(new AppTokenFilter(token));
        routes.MapGet("/dapr/subscribe", () => Results.Bytes(listing, "application/json"));

        foreach (var subscription in subscriptions)
        {
            routes.MapPost(subscription.Route, async (HttpContext context, CancellationToken cancellationToken) =>
            {
                JsonDocument document;
                try
                {
                    document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
                }
                catch (JsonException)
                {
                    // daprd never delivers bytes that are not JSON (it fails them itself, §3.2): only a caller
                    // that is not Dapr sends them, and it hears so.
                    return DaprAppResults.Error(StatusCodes.Status400BadRequest, "invalid_body", "The delivery's body is not JSON");
                }

                using (document)
                {
                    var outcome = await DeliverAsync(subscription, document.RootElement, logger, cancellationToken);
                    return Results.Json(DeliveryAnswer.Of(outcome), DaprAppJsonContext.Default.DeliveryAnswer);
                }
            });
        }

        return app;
    }

    /// <summary>
    /// JSON that is not a CloudEvent with a payload we can read is answered DROP, not 400: daprd can deliver such
    /// a message (raw JSON published to the broker, §3.2), and any non-2xx would have it redelivered
    /// forever although no retry can fix it (§3.5).
    /// </summary>
    private static async Task<DeliveryOutcome> DeliverAsync(IDaprSubscription subscription, JsonElement root, ILogger logger, CancellationToken cancellationToken)
    {
        if (Read(root) is not { } delivery)
        {
            Malformed(logger, subscription.Topic);
            return DeliveryOutcome.Drop;
        }

        try
        {
            return await subscription.HandleAsync(delivery, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            HandlerFailed(logger, subscription.Topic, delivery.Id, exception);
            return DeliveryOutcome.Retry;
        }
    }

    /// <summary>The payload is <c>data</c> (JSON) or <c>data_base64</c> (raw-payload subscriptions, §3.2).</summary>
    private static CloudEventDelivery? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        byte[]? data = null;
        if (root.TryGetProperty("data", out var json) && json.ValueKind != JsonValueKind.Null)
        {
            data = Encoding.UTF8.GetBytes(json.GetRawText());
        }
        else if (root.TryGetProperty("data_base64", out var base64) && base64.ValueKind == JsonValueKind.String)
        {
            data = base64.TryGetBytesFromBase64(out var bytes) ? bytes : null;
        }

        return data is null
            ? null
            : new CloudEventDelivery(Text(root, "id"), Text(root, "source"), Text(root, "type"), Text(root, "topic"), Text(root, "pubsubname"), data);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] ListingJson(IReadOnlyList<IDaprSubscription> subscriptions)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var subscription in subscriptions)
            {
                json.WriteStartObject();
                json.WriteString("pubsubname", subscription.PubSubName);
                json.WriteString("topic", subscription.Topic);
                json.WriteStartObject("routes");
                json.WriteString("default", subscription.Route);
                json.WriteEndObject();
                json.WriteStartObject("metadata");
                json.WriteString("rawPayload", "false");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Dropped a message on {Topic}: not a CloudEvent with a JSON payload")]
    private static partial void Malformed(ILogger logger, string topic);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Handling message {MessageId} on {Topic} failed; asked daprd to retry")]
    private static partial void HandlerFailed(ILogger logger, string topic, string? messageId, Exception exception);
}

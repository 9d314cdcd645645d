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
/// <c>{"status":"SUCCESS|RETRY|DROP"}</c>. A message that is not a CloudEvent with a JSON payload is dropped:
/// retrying cannot fix it. Never 404 (daprd would drop the message silently).
/// </summary>
public static partial class DaprSubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapDaprSubscriptions(
        this IEndpointRouteBuilder app, IReadOnlyList<IDaprSubscription> subscriptions, AppTokenCheck token, ILogger logger)
    {
        var listing = ListingJson(subscriptions);
        app.MapGet("/dapr/subscribe", (HttpContext context) =>
            token.Allows(context.Request)
                ? Results.Bytes(listing, "application/json")
                : Results.Json(new DaprAppError("missing or wrong dapr-api-token"), DaprAppJsonContext.Default.DaprAppError, statusCode: StatusCodes.Status401Unauthorized));

        foreach (var subscription in subscriptions)
        {
            app.MapPost(subscription.Route, async (HttpContext context, CancellationToken cancellationToken) =>
            {
                if (!token.Allows(context.Request))
                {
                    return Results.Json(new DaprAppError("missing or wrong dapr-api-token"), DaprAppJsonContext.Default.DaprAppError, statusCode: StatusCodes.Status401Unauthorized);
                }

                var outcome = await DeliverAsync(subscription, context.Request, logger, cancellationToken);
                return Results.Json(DeliveryAnswer.Of(outcome), DaprAppJsonContext.Default.DeliveryAnswer);
            });
        }

        return app;
    }

    private static async Task<DeliveryOutcome> DeliverAsync(IDaprSubscription subscription, HttpRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        CloudEventDelivery? delivery;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            delivery = Read(document.RootElement);
        }
        catch (JsonException)
        {
            delivery = null;
        }

        if (delivery is null)
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

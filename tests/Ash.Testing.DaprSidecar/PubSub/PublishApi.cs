using Ash.Testing.DaprSidecar.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary><c>POST|PUT /v1.0/publish/{pubsub}/{topic}</c> (reference §3.1).</summary>
internal static class PublishApi
{
    public static void MapPublishApi(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/v1.0/publish/{pubsubName}/{*topic}", ["POST", "PUT"], PublishAsync);
    }

    private static async Task<Results<NoContent, DaprError>> PublishAsync(
        string pubsubName, string topic, HttpRequest request, Sidecar sidecar, Broker broker, TimeProvider time, CancellationToken cancellationToken)
    {
        if (broker.Components.Count == 0)
        {
            return new DaprError(StatusCodes.Status400BadRequest, "ERR_PUBSUB_NOT_CONFIGURED", "no pubsub is configured");
        }

        if (!broker.Has(pubsubName))
        {
            return new DaprError(StatusCodes.Status404NotFound, "ERR_PUBSUB_NOT_FOUND", $"pubsub {pubsubName} not found");
        }

        if (string.IsNullOrEmpty(topic))
        {
            return new DaprError(StatusCodes.Status404NotFound, "ERR_TOPIC_NAME_EMPTY", $"topic is empty in pubsub {pubsubName}");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var envelope = CloudEventEnvelope.Create(buffer.ToArray(), request.ContentType, pubsubName, topic, sidecar.AppId, EnvelopeOverrides.From(request), time.GetUtcNow());
        if (envelope is null)
        {
            return new DaprError(StatusCodes.Status400BadRequest, "ERR_PUBSUB_CLOUD_EVENTS_SER", "the application/cloudevents+json body is not a JSON object");
        }

        broker.Publish(pubsubName, topic, envelope);
        return TypedResults.NoContent();
    }
}

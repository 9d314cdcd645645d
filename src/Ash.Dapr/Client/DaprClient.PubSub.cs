using System.Net;

namespace Ash.Dapr.Client;

// Publish (dapr-http-api.md §3.1): application/json is embedded as the CloudEvent's data; 204 = published.
public sealed partial class DaprClient
{
    public async Task PublishAsync(string pubsub, string topic, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(
            Request(HttpMethod.Post, $"v1.0/publish/{Segment(pubsub)}/{Segment(topic)}", json),
            $"publish to {pubsub}/{topic}", cancellationToken, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }
}

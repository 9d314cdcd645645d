using System.Collections.Concurrent;
using System.Text;
using Ash.Dapr.App;

namespace Ash.Dapr.Tests.App;

/// <summary>A subscription that records deliveries and answers with <see cref="Outcome"/> (or throws when null).</summary>
internal sealed class RecordingSubscription(string pubsub, string topic) : IDaprSubscription
{
    public string PubSubName { get; } = pubsub;

    public string Topic { get; } = topic;

    public string Route => "/dapr/events/" + Topic;

    public DeliveryOutcome? Outcome { get; set; } = DeliveryOutcome.Success;

    public ConcurrentQueue<(CloudEventDelivery Delivery, string Data)> Received { get; } = new();

    public Task<DeliveryOutcome> HandleAsync(CloudEventDelivery delivery, CancellationToken cancellationToken)
    {
        Received.Enqueue((delivery, Encoding.UTF8.GetString(delivery.Data)));
        return Outcome is { } outcome ? Task.FromResult(outcome) : throw new InvalidOperationException("handler failed on purpose");
    }
}

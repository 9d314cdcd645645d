namespace Ash.Dapr.App;

/// <summary>A topic this app subscribes to, announced in <c>GET /dapr/subscribe</c> and delivered to <see cref="Route"/>.</summary>
public interface IDaprSubscription
{
    string PubSubName { get; }

    string Topic { get; }

    /// <summary>The app path daprd posts each message to, e.g. <c>/dapr/events/session-events</c>.</summary>
    string Route { get; }

    /// <summary>Handles one message. Throwing counts as <see cref="DeliveryOutcome.Retry"/>.</summary>
    Task<DeliveryOutcome> HandleAsync(CloudEventDelivery delivery, CancellationToken cancellationToken);
}

namespace Ash.Dapr.Events;

/// <summary>Where session events travel between apps: the pub/sub component and topic every API replica subscribes to.</summary>
public sealed record DaprEventTopic(string PubSubName = DaprEventTopic.DefaultPubSub, string Topic = DaprEventTopic.DefaultTopic)
{
    public const string DefaultPubSub = "ash-pubsub";

    public const string DefaultTopic = "session-events";

    /// <summary>The app route daprd delivers the topic's messages to.</summary>
    public string Route => "/dapr/events/" + Topic;
}

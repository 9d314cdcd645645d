using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>
/// The mesh's pub/sub components: one broker shared by every sidecar (like Redis Streams, unlike
/// <c>pubsub.in-memory</c>), with consumer groups per (pubsub, topic, consumer id).
/// </summary>
internal sealed partial class Broker(DaprMeshOptions options, BackgroundWork background, ILoggerFactory loggerFactory)
{
    private readonly HashSet<string> components = new(options.PubSubs, StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly Dictionary<(string PubSub, string Topic), List<ConsumerGroup>> groups = [];
    private readonly Dictionary<(string PubSub, string Topic), TopicCounters> counters = [];
    private readonly ILogger logger = loggerFactory.CreateLogger<Broker>();

    public IReadOnlyCollection<string> Components => components;

    public int MaxDeliveryAttempts => options.MaxDeliveryAttempts;

    public TimeSpan RedeliveryInterval => options.RedeliveryInterval;

    public bool Has(string pubsub) => components.Contains(pubsub);

    public void Subscribe(Sidecar sidecar, IEnumerable<Subscription> subscriptions)
    {
        lock (gate)
        {
            foreach (var subscription in subscriptions)
            {
                if (!Has(subscription.PubSubName))
                {
                    LogUnknownPubSub(sidecar.Name, subscription.PubSubName, subscription.Topic);
                    continue;
                }

                var key = (subscription.PubSubName, subscription.Topic);
                if (!groups.TryGetValue(key, out var topicGroups))
                {
                    topicGroups = [];
                    groups[key] = topicGroups;
                }

                var consumerId = sidecar.Definition.EffectiveConsumerId;
                var group = topicGroups.FirstOrDefault(g => g.ConsumerId == consumerId);
                if (group is null)
                {
                    group = new ConsumerGroup(subscription.PubSubName, subscription.Topic, consumerId, this, CountersOf(key), background, options.TimeProvider, logger);
                    topicGroups.Add(group);
                }

                group.Add(sidecar, subscription);
            }
        }
    }

    public void Unsubscribe(Sidecar sidecar)
    {
        lock (gate)
        {
            foreach (var group in groups.Values.SelectMany(topicGroups => topicGroups))
            {
                group.Remove(sidecar);
            }
        }
    }

    public void Publish(string pubsub, string topic, JsonObject envelope)
    {
        var body = Encoding.UTF8.GetBytes(envelope.ToJsonString());
        lock (gate)
        {
            CountersOf((pubsub, topic)).Published();
            foreach (var group in groups.GetValueOrDefault((pubsub, topic)) ?? [])
            {
                // Each group reads the envelope for routing only; one parsed copy per group keeps them independent.
                group.Enqueue(new PendingMessage((JsonObject)JsonNode.Parse(body)!, body, Attempt: 1));
            }
        }
    }

    public PubSubCounts Counts(string pubsub, string topic)
    {
        lock (gate)
        {
            return CountersOf((pubsub, topic)).Snapshot();
        }
    }

    private TopicCounters CountersOf((string PubSub, string Topic) key)
    {
        if (!counters.TryGetValue(key, out var topicCounters))
        {
            topicCounters = new TopicCounters();
            counters[key] = topicCounters;
        }

        return topicCounters;
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "{Sidecar} subscribes to {Topic} on unknown pubsub {PubSub}; ignored")]
    private partial void LogUnknownPubSub(string sidecar, string pubSub, string topic);
}

using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>
/// One consumer group of one topic, like a Redis Streams group: created when the first member subscribes,
/// it receives only messages published afterwards; members (sidecars with the same consumer id) take turns.
/// Messages are delivered one at a time in publish order; an unacknowledged message is queued again after the
/// redelivery interval, behind newer ones.
/// </summary>
internal sealed partial class ConsumerGroup
{
    private readonly Channel<PendingMessage> queue = Channel.CreateUnbounded<PendingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private readonly List<Member> members = [];
    private readonly Broker broker;
    private readonly TopicCounters counters;
    private readonly BackgroundWork background;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private int nextMember;

    public ConsumerGroup(string pubsub, string topic, string consumerId, Broker broker, TopicCounters counters, BackgroundWork background, TimeProvider time, ILogger logger)
    {
        PubSub = pubsub;
        Topic = topic;
        ConsumerId = consumerId;
        this.broker = broker;
        this.counters = counters;
        this.background = background;
        this.time = time;
        this.logger = logger;
        background.Run(RunAsync);
    }

    public string PubSub { get; }

    public string Topic { get; }

    public string ConsumerId { get; }

    public void Add(Sidecar sidecar, Subscription subscription)
    {
        lock (gate)
        {
            members.Add(new Member(sidecar, subscription));
        }
    }

    public void Remove(Sidecar sidecar)
    {
        lock (gate)
        {
            members.RemoveAll(member => member.Sidecar == sidecar);
        }
    }

    public void Enqueue(PendingMessage message) => queue.Writer.TryWrite(message);

    private async Task RunAsync(CancellationToken stopping)
    {
        await foreach (var message in queue.Reader.ReadAllAsync(stopping))
        {
            if (NextMember() is not { } member)
            {
                // Every member left (RemoveHost): the message waits in the group, as in a broker.
                RequeueLater(message);
                continue;
            }

            var outcome = await DeliverAsync(member, message, stopping);
            switch (outcome)
            {
                case DeliveryOutcome.Acknowledged:
                    counters.Acknowledged();
                    break;
                case DeliveryOutcome.Retry when message.Attempt < broker.MaxDeliveryAttempts:
                    RequeueLater(message with { Attempt = message.Attempt + 1 });
                    break;
                case DeliveryOutcome.Retry or DeliveryOutcome.Drop or DeliveryOutcome.NoRoute:
                    DeadLetterOrDrop(member.Subscription, message);
                    break;
                default:
                    counters.Dropped();
                    break;
            }
        }
    }

    private async Task<DeliveryOutcome> DeliverAsync(Member member, PendingMessage message, CancellationToken stopping)
    {
        if (member.Subscription.RouteFor(message.Envelope) is not { } route || member.Sidecar.App is not { } app)
        {
            return DeliveryOutcome.NoRoute;
        }

        counters.Delivered(isRedelivery: message.Attempt > 1);
        try
        {
            using var request = app.CreateRequest(HttpMethod.Post, route);
            request.Content = new ByteArrayContent(message.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", CloudEventEnvelope.ContentType);
            using var trace = DeliveryTrace.Start(message.Envelope, Topic);
            using var response = await app.SendAsync(request, stopping);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                LogNotFound(Topic, member.Sidecar.Name, route);
                return DeliveryOutcome.NotFound;
            }

            if (!response.IsSuccessStatusCode)
            {
                return DeliveryOutcome.Retry;
            }

            return StatusOf(await response.Content.ReadAsByteArrayAsync(stopping));
        }
        catch (HttpRequestException exception)
        {
            LogDeliveryFailed(Topic, member.Sidecar.Name, exception.Message);
            return DeliveryOutcome.Retry;
        }
    }

    private static DeliveryOutcome StatusOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("status", out var status))
            {
                return DeliveryOutcome.Acknowledged;
            }

            return status.ValueKind == JsonValueKind.String ? status.GetString()?.ToUpperInvariant() switch
            {
                "" or "SUCCESS" => DeliveryOutcome.Acknowledged,
                "DROP" => DeliveryOutcome.Drop,
                _ => DeliveryOutcome.Retry,
            } : DeliveryOutcome.Retry;
        }
        catch (JsonException)
        {
            // A 2xx with a body that is not JSON counts as success (reference pitfall 16).
            return DeliveryOutcome.Acknowledged;
        }
    }

    private void DeadLetterOrDrop(Subscription subscription, PendingMessage message)
    {
        if (subscription.DeadLetterTopic is { } deadLetterTopic)
        {
            counters.DeadLettered();
            broker.Publish(PubSub, deadLetterTopic, message.Envelope);
        }
        else
        {
            counters.Dropped();
        }
    }

    private void RequeueLater(PendingMessage message) =>
        background.Run(async stopping =>
        {
            await Task.Delay(broker.RedeliveryInterval, time, stopping);
            Enqueue(message);
        });

    private Member? NextMember()
    {
        lock (gate)
        {
            if (members.Count == 0)
            {
                return null;
            }

            var member = members[nextMember % members.Count];
            nextMember = (nextMember + 1) % members.Count;
            return member;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Topic {Topic}: {Sidecar}'s app answered 404 on {Route}; message dropped")]
    private partial void LogNotFound(string topic, string sidecar, string route);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Topic {Topic}: delivery to {Sidecar} failed: {Reason}")]
    private partial void LogDeliveryFailed(string topic, string sidecar, string reason);

    private sealed record Member(Sidecar Sidecar, Subscription Subscription);
}

using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Ash.Core.Events;
using Ash.Dapr.App;
using Microsoft.Extensions.Logging;
using SdkDaprClient = global::Dapr.Client.DaprClient;

namespace Ash.Dapr.Events;

/// <summary>
/// The event bus of the distributed mode (DESIGN.md §2, §5): events written here reach this process's
/// subscribers at once and are published on the <c>session-events</c> topic; every API replica subscribes
/// with its own consumer id and hands what arrives to its own subscribers, once each and in <c>seq</c> order.
/// Publishing is off the writer's path: a background loop sends batches in order and retries while the
/// sidecar is unavailable (readers fill any gap from the event log).
/// </summary>
public sealed partial class DaprEventBus : IEventBus, IDaprSubscription, IAsyncDisposable
{
    /// <summary>Batches waiting for the sidecar beyond this are dropped (oldest first); the log still has them.</summary>
    private const int MaxQueuedBatches = 10_000;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly InProcessEventBus _local = new();
    private readonly SequencedDelivery _delivery;
    private readonly SdkDaprClient _dapr;
    private readonly DaprEventTopic _topic;
    private readonly ILogger _logger;
    private readonly Channel<OutboxBatch> _outbox = Channel.CreateBounded<OutboxBatch>(new BoundedChannelOptions(MaxQueuedBatches)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropOldest,
    });

    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _publishing;
    private int _disposed;

    public DaprEventBus(SdkDaprClient dapr, IEventLog log, DaprEventTopic topic, ILogger<DaprEventBus> logger)
    {
        _dapr = dapr;
        _topic = topic;
        _logger = logger;
        _delivery = new SequencedDelivery(_local, log);
        _publishing = Task.Run(PublishLoopAsync);
    }

    public string PubSubName => _topic.PubSubName;

    public string Topic => _topic.Topic;

    public string Route => _topic.Route;

    public void Publish(Guid sessionId, IReadOnlyList<SessionEvent> batch)
    {
        _delivery.DeliverWritten(sessionId, batch);

        // The writer's trace context (the turn's, a step's) goes with the batch, so its publish and the delivery to
        // every API replica continue that trace; a struct copy, nothing more, when nothing is traced.
        _outbox.Writer.TryWrite(new OutboxBatch(EventBatchMessage.From(sessionId, batch), Activity.Current?.Context ?? default));
    }

    public IEventSubscription Subscribe(Guid sessionId, int capacity, long onlyTurn = 0, SubscriberWake wake = SubscriberWake.Queued) =>
        _local.Subscribe(sessionId, capacity, onlyTurn, wake);

    public async Task<DeliveryOutcome> HandleAsync(CloudEventDelivery delivery, CancellationToken cancellationToken)
    {
        EventBatchMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(delivery.Data, DaprEventsJsonContext.Default.EventBatchMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null || message.SessionId == Guid.Empty || message.Events is null)
        {
            return DeliveryOutcome.Drop;
        }

        await _delivery.DeliverReceivedAsync(message.SessionId, message.ToEvents(), cancellationToken);
        return DeliveryOutcome.Success;
    }

    /// <summary>Idempotent: the container disposes this once per interface it was registered under.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _publishing;
        _stopping.Dispose();
    }

    private async Task PublishLoopAsync()
    {
        // The loop is this bus's own work, not part of whatever first asked for the bus; each batch is published in its writer's trace.
        Activity.Current = null;
        try
        {
            await foreach (var (message, writer) in _outbox.Reader.ReadAllAsync(_stopping.Token))
            {
                using var span = EventBusTracing.StartPublish(writer, message.SessionId, _topic.Topic);
                var body = JsonSerializer.SerializeToUtf8Bytes(message, DaprEventsJsonContext.Default.EventBatchMessage);
                while (true)
                {
                    try
                    {
                        // The SDK publishes over daprd's gRPC API; the JSON becomes the CloudEvent's data.
                        await _dapr.PublishByteEventAsync(_topic.PubSubName, _topic.Topic, body, "application/json", cancellationToken: _stopping.Token);
                        break;
                    }
                    // The sidecar's refusal, no sidecar, a connection cut mid-answer (the SDK's DaprExceptions), or anything
                    // unforeseen: the batch is retried, so one failed call never ends cross-replica publishing.
                    catch (Exception exception) when (exception is not OperationCanceledException || !_stopping.IsCancellationRequested)
                    {
                        PublishFailed(_logger, message.SessionId, exception.Message);
                        await Task.Delay(RetryDelay, _stopping.Token);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "Publishing events of session {SessionId} failed, retrying: {Reason}")]
    private static partial void PublishFailed(ILogger logger, Guid sessionId, string reason);
}

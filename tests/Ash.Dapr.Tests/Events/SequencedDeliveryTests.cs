using Ash.Core.Events;
using Ash.Dapr.Events;
using Ash.Storage.Sqlite;

namespace Ash.Dapr.Tests.Events;

/// <summary>Events that reach an API replica twice, late or out of order are handed on once each, in seq order, gaps filled from the real event log.</summary>
public sealed class SequencedDeliveryTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ash-dapr-delivery-" + Guid.NewGuid().ToString("N"));
    private readonly Guid _session = Guid.NewGuid();
    private readonly InProcessEventBus _local = new();
    private SqliteDatabase _database = null!;
    private SqliteEventLog _log = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteDatabase.OpenAsync(Path.Combine(_directory, "ash.db"), fullSync: false, CancellationToken.None);
        _log = new SqliteEventLog(_database);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private SessionEvent Event(long sequence) =>
        new(_session, "default", sequence, 1, "text_delta", System.Text.Encoding.UTF8.GetBytes($$"""{"delta":"{{sequence}}"}"""), DateTimeOffset.UtcNow);

    private SessionEvent[] Events(long from, long to) => Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => Event(i)).ToArray();

    private static List<long> Drain(IEventSubscription subscription)
    {
        var seen = new List<long>();
        while (subscription.Reader.TryRead(out var sessionEvent))
        {
            seen.Add(sessionEvent.Sequence);
        }

        return seen;
    }

    [Fact]
    public async Task Repeats_AreDropped_AndOldOnesIgnored()
    {
        var delivery = new SequencedDelivery(_local, _log);
        using var subscription = _local.Subscribe(_session, 100);

        await delivery.DeliverReceivedAsync(_session, Events(1, 3), TestContext.Current.CancellationToken);
        await delivery.DeliverReceivedAsync(_session, Events(2, 4), TestContext.Current.CancellationToken);
        await delivery.DeliverReceivedAsync(_session, Events(1, 1), TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2, 3, 4], Drain(subscription));
    }

    [Fact]
    public async Task AGap_IsFilledFromTheLog_BeforeTheNewerEvents()
    {
        await _log.AppendAsync(Events(1, 6), TestContext.Current.CancellationToken);
        var delivery = new SequencedDelivery(_local, _log);
        using var subscription = _local.Subscribe(_session, 100);

        await delivery.DeliverReceivedAsync(_session, Events(1, 2), TestContext.Current.CancellationToken);
        await delivery.DeliverReceivedAsync(_session, Events(6, 6), TestContext.Current.CancellationToken);
        await delivery.DeliverReceivedAsync(_session, Events(3, 5), TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2, 3, 4, 5, 6], Drain(subscription));
    }

    [Fact]
    public async Task EventsWrittenHere_AndTheSameOnesFromTheBroker_ArriveOnce()
    {
        var delivery = new SequencedDelivery(_local, _log);
        using var subscription = _local.Subscribe(_session, 100);

        delivery.DeliverWritten(_session, Events(1, 3));
        await delivery.DeliverReceivedAsync(_session, Events(1, 3), TestContext.Current.CancellationToken);
        delivery.DeliverWritten(_session, Events(4, 4));

        Assert.Equal([1L, 2, 3, 4], Drain(subscription));
    }

    [Fact]
    public async Task AReplicaThatJoinsLate_StartsFromWhatArrives()
    {
        var delivery = new SequencedDelivery(_local, _log);
        using var subscription = _local.Subscribe(_session, 100);

        await delivery.DeliverReceivedAsync(_session, Events(40, 41), TestContext.Current.CancellationToken);

        Assert.Equal([40L, 41], Drain(subscription));
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Ash.Core.Events;

/// <summary>The embedded-mode event bus: per-session subscriber lists, bounded per subscriber.</summary>
public sealed class InProcessEventBus : IEventBus
{
    private readonly ConcurrentDictionary<Guid, Subscribers> _sessions = new();

    public void Publish(Guid sessionId, IReadOnlyList<SessionEvent> batch)
    {
        if (!_sessions.TryGetValue(sessionId, out var subscribers))
        {
            return;
        }

        foreach (var subscription in subscribers.Snapshot())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                if (subscription.OnlyTurn != 0 && batch[i].Turn != subscription.OnlyTurn)
                {
                    continue;
                }

                if (!subscription.TryWrite(batch[i]))
                {
                    break;
                }
            }
        }
    }

    public IEventSubscription Subscribe(Guid sessionId, int capacity, long onlyTurn = 0, SubscriberWake wake = SubscriberWake.Queued)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new Subscription(this, sessionId, capacity, onlyTurn, wake);
        _sessions.AddOrUpdate(sessionId, _ => new Subscribers(subscription), (_, existing) => existing.Add(subscription));
        return subscription;
    }

    private void Remove(Subscription subscription)
    {
        while (_sessions.TryGetValue(subscription.SessionId, out var current))
        {
            var next = current.Remove(subscription);
            if (next.IsEmpty
                ? _sessions.TryRemove(new KeyValuePair<Guid, Subscribers>(subscription.SessionId, current))
                : _sessions.TryUpdate(subscription.SessionId, next, current))
            {
                return;
            }
        }
    }

    /// <summary>Immutable subscriber list, swapped atomically so publishing never locks.</summary>
    private sealed class Subscribers
    {
        private readonly Subscription[] _items;

        public Subscribers(params Subscription[] items) => _items = items;

        public bool IsEmpty => _items.Length == 0;

        public Subscription[] Snapshot() => _items;

        public Subscribers Add(Subscription subscription) => new([.. _items, subscription]);

        public Subscribers Remove(Subscription subscription) => new(Array.FindAll(_items, s => !ReferenceEquals(s, subscription)));
    }

    private sealed class Subscription : IEventSubscription
    {
        private readonly InProcessEventBus _bus;
        private readonly Channel<SessionEvent> _channel;
        private int _disposed;
        private volatile bool _overflowed;

        public Subscription(InProcessEventBus bus, Guid sessionId, int capacity, long onlyTurn, SubscriberWake wake)
        {
            _bus = bus;
            SessionId = sessionId;
            OnlyTurn = onlyTurn;
            _channel = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.Wait,
                AllowSynchronousContinuations = wake == SubscriberWake.Inline,
            });
        }

        public Guid SessionId { get; }

        public long OnlyTurn { get; }

        public ChannelReader<SessionEvent> Reader => _channel.Reader;

        public bool Overflowed => _overflowed;

        public bool TryWrite(SessionEvent sessionEvent)
        {
            if (_channel.Writer.TryWrite(sessionEvent))
            {
                return true;
            }

            if (Volatile.Read(ref _disposed) == 1)
            {
                return false;
            }

            // Full: this subscriber cannot keep up. Cut it off rather than buffer without bound.
            _overflowed = true;
            _channel.Writer.TryComplete();
            _bus.Remove(this);
            return false;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _channel.Writer.TryComplete();
                _bus.Remove(this);
            }
        }
    }
}

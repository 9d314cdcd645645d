using System.Threading.Channels;
using Ash.Core.Events;

namespace Ash.Core.Sessions;

/// <summary>
/// A subscription to all of a session's events that passes on only one turn's, once that turn is known
/// (<see cref="Turn"/>): for a turn queued in another process, whose number comes back after the events may
/// already have started to arrive. Until then nothing is read, so nothing is dropped.
/// </summary>
public sealed class TurnSubscription(IEventSubscription inner) : IEventSubscription
{
    private readonly TurnReader _reader = new(inner.Reader);

    public long Turn
    {
        get => _reader.Turn;
        set => _reader.Turn = value;
    }

    public ChannelReader<SessionEvent> Reader => _reader;

    public bool Overflowed => inner.Overflowed;

    public void Dispose() => inner.Dispose();

    private sealed class TurnReader(ChannelReader<SessionEvent> inner) : ChannelReader<SessionEvent>
    {
        public long Turn { get; set; }

        public override Task Completion => inner.Completion;

        public override bool TryRead(out SessionEvent item)
        {
            while (inner.TryRead(out item!))
            {
                if (item.Turn == Turn)
                {
                    return true;
                }
            }

            return false;
        }

        public override async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
        {
            while (await inner.WaitToReadAsync(cancellationToken))
            {
                if (!inner.TryPeek(out var next) || next.Turn == Turn)
                {
                    return true;
                }

                inner.TryRead(out _);
            }

            return false;
        }
    }
}

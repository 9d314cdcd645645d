using System.Threading.Channels;

namespace Ash.Core.Events;

public interface IEventSubscription : IDisposable
{
    ChannelReader<SessionEvent> Reader { get; }

    bool Overflowed { get; }
}

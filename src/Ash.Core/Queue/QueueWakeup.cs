using System.Threading.Channels;

namespace Ash.Core.Queue;

/// <summary>Tells the processor in this process that there may be work now, so a new job does not wait for the next poll.</summary>
public sealed class QueueWakeup
{
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _signal.Writer.TryWrite(true);

    /// <summary>Completes when woken (at once when a wake came since the last wait).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _signal.Reader.WaitToReadAsync(cancellationToken);
        _signal.Reader.TryRead(out _);
    }
}

namespace Ash.Server.Streaming;

/// <summary>
/// The keep-alive clock of one SSE stream: a token cancelled once the stream has been idle for the interval, or
/// when the stream's own token is. One timer serves the whole stream and is re-armed after each wake, where two
/// token sources and a timer were made for every wait (issue 14: with an inline wake that work is the publisher's).
/// </summary>
internal sealed class IdleSignal : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly CancellationToken _stopping;
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _stoppingRegistration;
    private CancellationTokenSource _source = new();

    public IdleSignal(TimeSpan interval, TimeProvider time, CancellationToken stopping)
    {
        _interval = interval;
        _stopping = stopping;
        _timer = time.CreateTimer(static state => ((IdleSignal)state!).Fire(), this, interval, Timeout.InfiniteTimeSpan);
        _stoppingRegistration = stopping.UnsafeRegister(static state => ((IdleSignal)state!).Fire(), this);
    }

    public CancellationToken Token => Volatile.Read(ref _source).Token;

    /// <summary>Starts the interval again; once it has fired, with a new token (unless the stream is stopping).</summary>
    public void Restart()
    {
        if (Volatile.Read(ref _source).IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            // The spent source is left to the collector, not disposed: the timer's callback may still be cancelling it.
            Volatile.Write(ref _source, new CancellationTokenSource());
        }

        _timer.Change(_interval, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _timer.Dispose();
        _stoppingRegistration.Dispose();
        Volatile.Read(ref _source).Dispose();
    }

    private void Fire() => Volatile.Read(ref _source).Cancel();
}

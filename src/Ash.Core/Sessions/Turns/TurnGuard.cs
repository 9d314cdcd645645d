namespace Ash.Core.Sessions.Turns;

/// <summary>
/// Keeps one running turn within its <see cref="TurnLimits"/>: counts the output as it is read and says when
/// the next time limit falls due (the wall clock, or the silence since the agent last wrote). Single reader:
/// only the turn's pump uses it.
/// </summary>
public sealed class TurnGuard
{
    private readonly TurnLimits _limits;
    private readonly long _logBytesLeft;
    private readonly long _logQuota;
    private readonly TimeProvider _time;
    private readonly long _started;
    private long _lastHeard;
    private bool _quotaReached;

    /// <param name="logBytesLeft">What the session's event-log quota (<paramref name="logQuota"/>) still allows.</param>
    public TurnGuard(TurnLimits limits, long logBytesLeft, long logQuota, TimeProvider time)
    {
        _limits = limits;
        _logBytesLeft = logBytesLeft;
        _logQuota = logQuota;
        _time = time;
        _started = _lastHeard = time.GetTimestamp();
    }

    /// <summary>Bytes of agent output kept so far in this turn.</summary>
    public long OutputBytes { get; private set; }

    public int OutputEvents { get; private set; }

    /// <summary>The agent wrote something: the silence starts again.</summary>
    public void Heard() => _lastHeard = _time.GetTimestamp();

    /// <summary>How long until a time limit falls due, never less than a millisecond.</summary>
    public TimeSpan TimeLeft()
    {
        var wall = _limits.Timeout - _time.GetElapsedTime(_started);
        var silence = _limits.SilenceTimeout - _time.GetElapsedTime(_lastHeard);
        var left = wall < silence ? wall : silence;
        return left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left;
    }

    /// <summary>A time limit has fallen due.</summary>
    public bool IsDue() =>
        _time.GetElapsedTime(_started) >= _limits.Timeout || _time.GetElapsedTime(_lastHeard) >= _limits.SilenceTimeout;

    /// <summary>
    /// What the turn counts against the session's event-log quota: what it kept, or once the quota stopped it,
    /// all that was left, so the next message is refused (507) instead of starting a turn that could keep nothing.
    /// </summary>
    public long LoggedBytes => _quotaReached ? _logBytesLeft : OutputBytes;

    /// <summary>Which time limit fell due (asked once a wait for output ran out).</summary>
    public TurnStop TimeStop() =>
        _time.GetElapsedTime(_started) >= _limits.Timeout ? TurnStop.WallClock(_limits.Timeout) : TurnStop.Silence(_limits.SilenceTimeout);

    /// <summary>
    /// Counts one line of output (<paramref name="bytes"/> as the agent wrote it, <paramref name="events"/> it
    /// became). Returns the limit it would cross, in which case it is not counted (and must not be kept).
    /// </summary>
    public TurnStop? TryAdd(int bytes, int events)
    {
        var outputBytes = OutputBytes + bytes;
        var outputEvents = OutputEvents + events;
        if (outputBytes > _logBytesLeft)
        {
            _quotaReached = true;
            return TurnStop.EventLogFull(_logQuota);
        }

        if (outputBytes > _limits.MaxOutputBytes)
        {
            return TurnStop.OutputBytes(_limits.MaxOutputBytes);
        }

        if (outputEvents > _limits.MaxOutputEvents)
        {
            return TurnStop.OutputEvents(_limits.MaxOutputEvents);
        }

        OutputBytes = outputBytes;
        OutputEvents = outputEvents;
        return null;
    }
}

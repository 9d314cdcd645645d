using Ash.Core.Sessions;

namespace Ash.Core.Events;

/// <summary>
/// The single writer of one session's events: gives each a gap-free sequence number, appends the
/// batch to the durable log, and only then publishes it. A failed append consumes no numbers.
/// A batch can carry a change to the session row, committed in the same transaction as its events. Every write
/// is fenced with the writer's owner epoch, so a former owner of the session cannot write beside the new one.
/// </summary>
public sealed class SessionEventWriter
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IEventLog _log;
    private readonly ISessionStore _sessions;
    private readonly IEventBus _bus;
    private readonly TimeProvider _time;
    private readonly SessionMetrics? _metrics;
    private readonly long? _ownerEpoch;
    private readonly Action? _ownershipLost;
    private long _lastSequence;

    /// <param name="ownerEpoch">The owner epoch every write is fenced with (<see cref="ISessionStore.TakeOwnershipAsync"/>); null writes unfenced.</param>
    /// <param name="ownershipLost">Called once a write finds a newer owner (the write then fails with <see cref="OwnershipLostException"/>).</param>
    public SessionEventWriter(
        Guid sessionId, string tenantId, long lastSequence, IEventLog log, ISessionStore sessions, IEventBus bus, TimeProvider time, SessionMetrics? metrics = null, long? ownerEpoch = null, Action? ownershipLost = null)
    {
        _metrics = metrics;
        _ownerEpoch = ownerEpoch;
        _ownershipLost = ownershipLost;
        SessionId = sessionId;
        TenantId = tenantId;
        _lastSequence = lastSequence;
        _log = log;
        _sessions = sessions;
        _bus = bus;
        _time = time;
    }

    public Guid SessionId { get; }

    public string TenantId { get; }

    public long LastSequence => Volatile.Read(ref _lastSequence);

    public Task<IReadOnlyList<SessionEvent>> WriteAsync(long turn, string type, byte[]? data, CancellationToken cancellationToken) =>
        WriteAsync(turn, [new PendingEvent(type, data)], null, cancellationToken);

    public Task<IReadOnlyList<SessionEvent>> WriteAsync(long turn, IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken) =>
        WriteAsync(turn, events, null, cancellationToken);

    /// <summary>Appends the events (and applies <paramref name="commit"/> with them, when given), then publishes them.</summary>
    public async Task<IReadOnlyList<SessionEvent>> WriteAsync(long turn, IReadOnlyList<PendingEvent> events, SessionCommit? commit, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && commit is null)
        {
            return [];
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            var next = _lastSequence;
            var batch = new SessionEvent[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                batch[i] = new SessionEvent(SessionId, TenantId, ++next, turn, events[i].Type, events[i].Data, now) { DataInNextEvent = events[i].DataInNextEvent };
            }

            try
            {
                if (commit is null)
                {
                    await _log.AppendAsync(batch, _ownerEpoch, cancellationToken);
                }
                else
                {
                    await _sessions.CommitAsync(commit with { OwnerEpoch = _ownerEpoch }, batch, cancellationToken);
                }
            }
            catch (OwnershipLostException)
            {
                _ownershipLost?.Invoke();
                throw;
            }

            _lastSequence = next;
            if (batch.Length > 0)
            {
                _metrics?.EventsAppended(batch.Length);
                _bus.Publish(SessionId, batch);
            }

            return batch;
        }
        finally
        {
            _gate.Release();
        }
    }
}

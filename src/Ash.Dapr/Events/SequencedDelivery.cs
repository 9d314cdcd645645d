using System.Collections.Concurrent;
using Ash.Core.Events;

namespace Ash.Dapr.Events;

/// <summary>
/// Hands each session's events to the local bus once and in <c>seq</c> order, whichever way they came
/// (published here, or delivered by the broker, late, twice or out of order). A gap is filled from the
/// event log, which always holds an event before anyone is told of it (DESIGN.md §5).
/// </summary>
internal sealed class SequencedDelivery(IEventBus local, IEventLog log)
{
    /// <summary>More sessions than this are forgotten wholesale; a forgotten session restarts from what arrives next.</summary>
    private const int MaxTrackedSessions = 100_000;

    private readonly ConcurrentDictionary<Guid, Cursor> _cursors = new();

    /// <summary>
    /// Events written in this process: always contiguous, so no gap to fill, and the caller (the
    /// session's event writer) must not wait on I/O here.
    /// </summary>
    public void DeliverWritten(Guid sessionId, IReadOnlyList<SessionEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var cursor = CursorOf(sessionId);
        cursor.Gate.Wait();
        try
        {
            PublishNewer(sessionId, cursor, batch);
        }
        finally
        {
            cursor.Gate.Release();
        }
    }

    /// <summary>Events the broker delivered: repeats dropped, order restored, a gap before them filled from the log.</summary>
    public async Task DeliverReceivedAsync(Guid sessionId, IReadOnlyList<SessionEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var cursor = CursorOf(sessionId);
        await cursor.Gate.WaitAsync(cancellationToken);
        try
        {
            // A writer's batch is contiguous; only the space between the last delivered and it can be missing.
            var ordered = batch.OrderBy(e => e.Sequence).ToList();
            var first = ordered[0].Sequence;
            if (cursor.Last != 0 && first > cursor.Last + 1)
            {
                ordered.InsertRange(0, await MissingAsync(sessionId, cursor.Last, first, cancellationToken));
            }

            PublishNewer(sessionId, cursor, ordered);
        }
        finally
        {
            cursor.Gate.Release();
        }
    }

    /// <summary>Hands on the events after the cursor (all of them while it is new) and moves it. The caller holds the cursor's gate.</summary>
    private void PublishNewer(Guid sessionId, Cursor cursor, IReadOnlyList<SessionEvent> events)
    {
        // The usual case, a batch that is all new, goes on as it is.
        if (events[0].Sequence > cursor.Last)
        {
            cursor.Last = events[^1].Sequence;
            local.Publish(sessionId, events);
            return;
        }

        var fresh = new List<SessionEvent>(events.Count);
        foreach (var sessionEvent in events)
        {
            if (sessionEvent.Sequence > cursor.Last)
            {
                fresh.Add(sessionEvent);
                cursor.Last = sessionEvent.Sequence;
            }
        }

        if (fresh.Count > 0)
        {
            local.Publish(sessionId, fresh);
        }
    }

    private Cursor CursorOf(Guid sessionId)
    {
        if (_cursors.Count > MaxTrackedSessions)
        {
            _cursors.Clear();
        }

        return _cursors.GetOrAdd(sessionId, _ => new Cursor());
    }

    private async Task<IReadOnlyList<SessionEvent>> MissingAsync(Guid sessionId, long last, long next, CancellationToken cancellationToken)
    {
        var missing = new List<SessionEvent>();
        var after = last;
        while (after < next - 1)
        {
            var page = await log.ReadAsync(sessionId, after, (int)Math.Min(1000, next - 1 - after), type: null, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var sessionEvent in page)
            {
                if (sessionEvent.Sequence < next)
                {
                    missing.Add(sessionEvent);
                }
            }

            after = page[^1].Sequence;
        }

        return missing;
    }

    private sealed class Cursor
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long Last { get; set; }
    }
}

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
            var fresh = new List<SessionEvent>(batch.Count);
            foreach (var sessionEvent in batch)
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
        finally
        {
            cursor.Gate.Release();
        }
    }

    /// <summary>Events the broker delivered: repeats dropped, order restored, gaps filled from the log.</summary>
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
            var fresh = new List<SessionEvent>(batch.Count);
            foreach (var sessionEvent in batch.OrderBy(e => e.Sequence))
            {
                if (cursor.Last == 0 || sessionEvent.Sequence > cursor.Last)
                {
                    if (cursor.Last != 0 && sessionEvent.Sequence > cursor.Last + 1)
                    {
                        fresh.AddRange(await MissingAsync(sessionId, cursor.Last, sessionEvent.Sequence, cancellationToken));
                    }

                    fresh.Add(sessionEvent);
                    cursor.Last = sessionEvent.Sequence;
                }
            }

            if (fresh.Count > 0)
            {
                local.Publish(sessionId, fresh);
            }
        }
        finally
        {
            cursor.Gate.Release();
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

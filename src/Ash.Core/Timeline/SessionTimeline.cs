using Ash.Core.Events;

namespace Ash.Core.Timeline;

/// <summary>
/// Pages a session's timeline out of its event log (the raw agent messages, errors and lifecycle entries it
/// already holds), so nothing is stored twice. Ascending; <c>after</c> is an entry's sequence.
/// </summary>
public sealed class SessionTimeline(IEventLog log)
{
    /// <summary>Log entries read per round trip; most of a turn's messages yield an entry, partial messages none.</summary>
    private const int ReadBatch = 200;

    public async Task<IReadOnlyList<TimelineEvent>> ReadAsync(Guid sessionId, long after, int limit, string? type, CancellationToken cancellationToken)
    {
        var sources = TimelineTypes.SourcesOf(type);
        var page = new List<TimelineEvent>(Math.Min(limit, ReadBatch));
        if (sources.Count == 0)
        {
            return page;
        }

        var entries = new List<(string Type, string Data)>(4);
        var cursor = after;
        while (true)
        {
            var batch = await log.ReadOfTypesAsync(sessionId, cursor, ReadBatch, sources, cancellationToken);
            foreach (var logEvent in batch)
            {
                entries.Clear();
                var count = TimelineTranslator.Translate(logEvent, entries);
                for (var i = 0; i < count; i++)
                {
                    var sequence = logEvent.Sequence - count + 1 + i;
                    var (entryType, data) = entries[i];
                    if (sequence <= after || (type is not null && entryType != type))
                    {
                        continue;
                    }

                    page.Add(new TimelineEvent(TimelineIds.For(sessionId, sequence), sessionId, logEvent.TenantId, entryType, data, sequence, logEvent.CreatedAt));
                    if (page.Count == limit)
                    {
                        return page;
                    }
                }
            }

            if (batch.Count < ReadBatch)
            {
                return page;
            }

            cursor = batch[^1].Sequence;
        }
    }
}

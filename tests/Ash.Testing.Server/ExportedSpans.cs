using System.Collections;
using System.Diagnostics;
using Ash.Testing.Common;

namespace Ash.Testing.Server;

/// <summary>
/// Where an in-memory exporter puts the spans it exports, safe to read while it writes. A tracer listens to every
/// server of the test process, so a test picks its own spans out by trace id.
/// </summary>
public sealed class ExportedSpans : ICollection<Activity>
{
    private readonly Lock _gate = new();
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public List<Activity> Snapshot()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    /// <summary>The spans of one trace, once <paramref name="complete"/> holds for them; fails after a minute.</summary>
    public async Task<List<Activity>> TraceAsync(ActivityTraceId traceId, Func<List<Activity>, bool> complete, string what)
    {
        List<Activity> spans = [];
        await Eventually.TrueAsync(
            () => complete(spans = Snapshot().Where(span => span.TraceId == traceId).ToList()),
            () => $"the trace to hold {what}; it has: {string.Join(", ", spans.Select(span => span.DisplayName))}",
            TimeSpan.FromSeconds(60));
        return spans;
    }

    public void Add(Activity item)
    {
        lock (_gate)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_gate)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (_gate)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
